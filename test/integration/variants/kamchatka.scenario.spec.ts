import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, completedElements, documentResources, documentText, instance, taskAt, tasksOf, variantResources, variantTenant } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

/**
 * Kamchatka (seeds 000 and 002) through the REST API on the simulated clock. The route is about the
 * teacher (its subject) whoever starts it: the school head starts Иванова's support, her steps are
 * hers. The municipal service gets the open lesson before it happens (date and topic in its task);
 * the teacher raises her difficulties herself in the middle of the period → the ММС decides → the
 * head applies to the ЦНППМ for her → diagnostics and an ИОМ whose tutor check goes to the tutor the
 * ММС chose and whose mentoring row to the school's mentor; the one-year term runs out while the ИОМ
 * is in progress and does not cut it; the attestation is recorded when it happens. A second teacher's
 * year runs out, is extended, her experience is presented at the ММО. The regional monitoring starts
 * by itself every 15 January. The indicators of both seeds, per municipality.
 */
describe('Kamchatka: post-course support and the regional system (seeds 000, 002)', () => {
  let s: TestServer;
  let k: VariantTenant;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    k = await variantTenant(s, 'kamchatka', 'kamchatka-test', 'Asia/Kamchatka', [
      ['region', 'Камчатский край', 'region'],
      ['elizovo', 'Елизовский муниципальный район', 'municipality', 'region'],
      ['pk', 'Петропавловск-Камчатский городской округ', 'municipality', 'region'],
      ['school1', 'МБОУ «Елизовская СШ № 1»', 'school', 'elizovo'],
      ['school2', 'МБОУ «Елизовская СШ № 2»', 'school', 'elizovo'],
      ['school3', 'МАОУ «СШ № 33» г. Петропавловска-Камчатского', 'school', 'pk'],
    ], [
      ['ivanova', 'Иванова Мария Петровна', [['school1', 'pedagog']], { birthDate: '1998-04-02', careerStart: '2026-09-01', position: 'учитель математики' }],
      ['petrov', 'Петров Илья Сергеевич', [['school1', 'pedagog']], { birthDate: '1975-01-10', careerStart: '1998-09-01', position: 'учитель физики' }],
      ['sidorova', 'Сидорова Анна Викторовна', [['school3', 'pedagog']], { birthDate: '1990-05-05', careerStart: '2012-09-01' }],
      ['metodist1', 'Кузнецова Ольга Ивановна (завуч СШ № 1)', [['school1', 'metodist-oo']]],
      ['metodist2', 'Орлова Наталья (методист СШ № 2)', [['school2', 'metodist-oo']]],
      ['mentor1', 'Белова Ирина (наставник СШ № 1)', [['school1', 'nastavnik']]],
      ['head1', 'Смирнов Андрей (директор СШ № 1)', [['school1', 'rukovoditel-oo']]],
      ['head3', 'Ким Виктор (директор СШ № 33)', [['school3', 'rukovoditel-oo']]],
      ['mms-elizovo', 'ИМЦ Елизовского района', [['elizovo', 'mms']]],
      ['mms-pk', 'ИМЦ Петропавловска-Камчатского', [['pk', 'mms']]],
      ['mmo-elizovo', 'Руководитель ММО учителей математики Елизовского района', [['elizovo', 'mmo']]],
      ['tutor-elizovo', 'Зайцева Елена (тьютор Елизовского района)', [['elizovo', 'tyutor']]],
      ['tutor2-elizovo', 'Лисин Павел (тьютор Елизовского района)', [['elizovo', 'tyutor']]],
      ['cnppm', 'Специалист ЦНППМ', [['region', 'cnppm']]],
      ['iro', 'Методист Камчатского ИРО', [['region', 'iro']]],
      ['rumo', 'Председатель РУМО', [['region', 'rumo']]],
      ['minobr', 'Специалист Министерства образования', [['region', 'minobr']]],
      ['supervisor', 'Наблюдатель региона', [['region', 'supervisor']]],
    ]);
    // the document templates, and the ЦНППМ's registry of municipal tutors (a reference list the tenant edits)
    await ok(s, 'POST', '/api/deployments', { tenant: k.tenantKey, name: 'kamchatka', resources: [...variantResources('kamchatka'), ...documentResources('kamchatka')] }, k.superToken);
    await ok(s, 'PUT', '/api/reference-lists/tutor-registry', { items: [
      { value: 'tutor-elizovo', label: 'Зайцева Елена — Елизовский МР' }, { value: 'tutor2-elizovo', label: 'Лисин Павел — Елизовский МР' },
    ] }, k.admin);
    await advance(s, k.admin, { to: '2027-01-11T09:00:00+12:00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  let ivanovaRoute: string;
  let iomChild: string;

  test('the school head starts the support for Иванова: the route is about her, her steps are hers; a head of another school may not', async () => {
    const foreign = await s.call('POST', '/api/process-instances', { processKey: 'post-course-support', subjectId: k.user.sidorova }, k.token.head1);
    expect(foreign.status).toBe(403);
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support', subjectId: k.user.ivanova }, k.token.head1);
    ivanovaRoute = inst.id;
    expect(inst.subject).toMatchObject({ id: k.user.ivanova, fullName: 'Иванова Мария Петровна', orgId: k.org.school1 });
    const choose = await taskAt(s, k.token.ivanova, inst.id, 'choose-direction');
    expect(choose.assignee).toBe(k.user.ivanova);
    expect(choose.subject).toMatchObject({ fullName: 'Иванова Мария Петровна' });
    expect(await tasksOf(s, k.token.head1, inst.id)).toHaveLength(0);
    expect(await tasksOf(s, k.token.petrov, inst.id)).toHaveLength(0);
    // п. 5: one course topic, required
    const bad = await s.call('POST', `/api/tasks/${choose.id}/complete`, { variables: { directions: ['methodical'] } }, k.token.ivanova);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(expect.arrayContaining(['chosenCourse', 'courses']));
    await complete(s, k.token.ivanova, inst.id, 'choose-direction', {
      courses: [
        { courseTitle: 'Формирование функциональной грамотности обучающихся', provider: 'Камчатский ИРО', completedOn: '2026-12-20' },
        { courseTitle: 'Цифровая образовательная среда', provider: 'Камчатский ИРО', completedOn: '2026-12-25' },
      ],
      chosenCourse: 'Формирование функциональной грамотности обучающихся', directions: ['methodical', 'subject'],
    });
    expect(await tasksOf(s, k.token.metodist2, inst.id)).toHaveLength(0);
    await complete(s, k.token.metodist1, inst.id, 'interview', { interviewNotes: 'Выбраны направления: методическое, предметное', directionsAgreed: true });
  });

  test('planning the events: the municipal service of her municipality learns of the open lesson before it happens, with its date and topic', async () => {
    await complete(s, k.token.metodist1, ivanovaRoute, 'plan-events', {
      events: [
        { eventType: 'open-lesson', topic: 'Читательская грамотность на уроке математики', plannedDate: '2027-02-15', openToMunicipal: true },
        { eventType: 'publication', topic: 'Статья в сборнике ИРО', plannedDate: '2027-04-20', openToMunicipal: false },
      ],
    });
    const prep = (await tasksOf(s, k.token.metodist1, ivanovaRoute)).filter((t) => t.elementId === 'prepare-event');
    expect(prep).toHaveLength(2);
    // due three days before the event at 18:00 Kamchatka time
    expect(prep.map((t) => t.dueAt).sort()).toEqual(['2027-02-12T06:00:00.000Z', '2027-04-17T06:00:00.000Z']);
    expect(await tasksOf(s, k.token['mms-pk'], ivanovaRoute)).toHaveLength(0);
    const visits = (await tasksOf(s, k.token['mms-elizovo'], ivanovaRoute)).filter((x) => x.elementId === 'mms-visit');
    expect(visits).toHaveLength(1);
    expect(visits[0].dueAt).toBe('2027-02-18T06:00:00.000Z');
    const full = await ok(s, 'GET', `/api/tasks/${visits[0].id}`, undefined, k.token['mms-elizovo']);
    expect(full.context.variables).toMatchObject({ eventTopic: 'Читательская грамотность на уроке математики', eventDate: '2027-02-15', eventType: 'open-lesson' });
  });

  test('the plan of events prints the teacher (ФИО, организация, должность) and labels, not codes', async () => {
    const text = await documentText(s, k.token.metodist1, ivanovaRoute, 'support-plan');
    for (const t of ['Иванова Мария Петровна', 'МБОУ «Елизовская СШ № 1»', 'учитель математики', 'Открытое учебное занятие', 'Методические компетенции']) expect(text).toContain(t);
    expect(text).not.toContain('open-lesson');
  });

  test('deadlines: a preparation not done three days before the open lesson is overdue for the methodist', async () => {
    await advance(s, k.admin, { to: '2027-02-13T09:00:00+12:00' });
    const overdue = (await ok(s, 'GET', `/api/tasks?overdue=true&processInstanceId=${ivanovaRoute}`, undefined, k.token.metodist1)).items;
    expect(overdue.map((t: any) => t.elementId)).toEqual(['prepare-event']);
  });

  test('the regional monitoring started by itself on 15 January, once, at the region, with the ЦНППМ collecting data', async () => {
    const runs = (await ok(s, 'GET', '/api/process-instances?processKey=regional-monitoring', undefined, k.token.supervisor)).items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ orgId: k.org.region });
    expect((await taskAt(s, k.token.cnppm, runs[0].id, 'monitoring-collect')).candidateRoles).toEqual(['cnppm']);
  });

  test('each event: preparation → held by the teacher with a link → school visit and the ММС visit → reflection', async () => {
    const id = ivanovaRoute;
    for (const t of (await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'prepare-event')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { consultationNotes: 'Консультация по сценарию' } }, k.token.metodist1);
    }
    const holds = (await tasksOf(s, k.token.ivanova, id)).filter((x) => x.elementId === 'hold-event');
    expect(holds).toHaveLength(2);
    expect(holds.every((h) => h.assignee === k.user.ivanova)).toBe(true);
    const badLink = await s.call('POST', `/api/tasks/${holds[0].id}/complete`, { variables: { heldOn: '2027-02-15', materialsUrl: 'not a link' } }, k.token.ivanova);
    expect(badLink.status).toBe(400);
    expect(Object.keys(badLink.body.fields)).toEqual(['materialsUrl']);
    for (const [i, t] of holds.entries()) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { heldOn: '2027-02-15', materialsUrl: `https://school1.example.ru/materials/${i + 1}` } }, k.token.ivanova);
    }
    for (const t of (await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'attend-event')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { attended: true, visitNotes: 'Посещено' } }, k.token.metodist1);
    }
    // the open lesson waits for the ММС's visit before its reflection
    expect((await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'school-reflection')).toHaveLength(1);
    await complete(s, k.token['mms-elizovo'], id, 'mms-visit', { mmsVisitNotes: 'Урок посещён специалистом ИМЦ' });
    for (const t of (await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'school-reflection')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { reflectionNotes: 'Рефлексия проведена' } }, k.token.metodist1);
    }
    const vars = (await instance(s, k.token.ivanova, id)).variables;
    expect(vars.eventResults.map((r: any) => r.materialsUrl)).toEqual(['https://school1.example.ru/materials/1', 'https://school1.example.ru/materials/2']);
    await taskAt(s, k.token['mms-elizovo'], id, 'municipal-reflection');
  });

  test('the teacher raises her difficulties herself before the municipal reflection; the ММС decides; her head applies to the ЦНППМ for her', async () => {
    const id = ivanovaRoute;
    expect((await instance(s, k.token.ivanova, id)).raisable).toEqual(expect.arrayContaining(['difficulties-raised', 'attestation-highest']));
    // a colleague of the same school cannot; an undeclared message is refused
    expect((await s.call('POST', `/api/process-instances/${id}/messages`, { name: 'difficulties-raised' }, k.token.petrov)).status).toBe(404);
    expect((await s.call('POST', `/api/process-instances/${id}/messages`, { name: 'anything' }, k.token.ivanova)).status).toBe(400);
    await ok(s, 'POST', `/api/process-instances/${id}/messages`, { name: 'difficulties-raised', variables: { difficultiesDescription: 'Не получается организовать смысловое чтение' } }, k.token.ivanova);
    expect(await tasksOf(s, k.token['mms-pk'], id)).toHaveLength(0);
    const decision = await taskAt(s, k.token['mms-elizovo'], id, 'mms-difficulties');
    expect((await ok(s, 'GET', `/api/tasks/${decision.id}`, undefined, k.token['mms-elizovo'])).context.variables.difficultiesDescription).toBe('Не получается организовать смысловое чтение');
    await complete(s, k.token['mms-elizovo'], id, 'mms-difficulties', { mmsDecision: 'recommend-cnppm', mmsDecisionNotes: 'Нужна диагностика в ЦНППМ' });
    const application = await taskAt(s, k.token.head1, id, 'head-application');
    expect(application.candidateRoles).toEqual(['rukovoditel-oo']);
    expect(application.subject).toMatchObject({ id: k.user.ivanova });
    expect(await tasksOf(s, k.token.head3, id)).toHaveLength(0);
    await complete(s, k.token.head1, id, 'head-application', { applyToCnppm: true, applicationText: 'По решению ИМЦ' });
    // the municipal reflection still waits: difficulties did not stop the period
    await taskAt(s, k.token['mms-elizovo'], id, 'municipal-reflection');
  });

  test('the ЦНППМ diagnoses, builds the ИОМ; the tutor the ММС chose checks each row, the school mentor reviews the mentoring row', async () => {
    const children = (await ok(s, 'GET', '/api/process-instances?processKey=iom-diagnostics', undefined, k.token.supervisor)).items;
    expect(children).toHaveLength(1);
    iomChild = children[0].id;
    expect(children[0]).toMatchObject({ parentInstanceId: ivanovaRoute, orgId: k.org.school1, subject: { id: k.user.ivanova } });
    await complete(s, k.token.cnppm, iomChild, 'register-application', { participantCategory: 'teacher', diagnosticsDate: '2027-05-10', diagnosticInstrument: 'cnppm' });
    expect((await taskAt(s, k.token.cnppm, iomChild, 'diagnostics')).dueAt).toBe('2027-05-10T06:00:00.000Z');
    await complete(s, k.token.cnppm, iomChild, 'diagnostics', { deficits: ['methodical'], diagnosticsScore: 54, diagnosticsReport: 'Методические дефициты' });
    await complete(s, k.token.cnppm, iomChild, 'build-iom', {
      iomRows: [
        { deficit: 'methodical', task: 'Освоить приёмы смыслового чтения', workForm: 'fr-dpp', programme: 'ДПП из ФР ДПП «Функциональная грамотность»', dueDate: '2027-06-30' },
        { deficit: 'methodical', task: 'Работа в паре с наставником', workForm: 'mentoring', programme: 'Пара «учитель – учитель» СШ № 1', dueDate: '2028-03-30' },
      ],
    });
    // the tutor comes from the ЦНППМ's registry, not a typed login
    const typed = await s.call('POST', `/api/tasks/${(await taskAt(s, k.token['mms-elizovo'], iomChild, 'assign-tutor')).id}/complete`, { variables: { tutor: 'somebody' } }, k.token['mms-elizovo']);
    expect(typed.status).toBe(400);
    await complete(s, k.token['mms-elizovo'], iomChild, 'assign-tutor', { tutor: 'tutor-elizovo', tutorTrainedAtCnppm: true });
    const doc = await documentText(s, k.token.cnppm, iomChild, 'iom');
    for (const t of ['Иванова Мария Петровна', 'МБОУ «Елизовская СШ № 1»', 'учитель математики', 'Программа ДПП из ФР ДПП', 'Наставничество', 'Методические']) expect(doc).toContain(t);
    expect(doc).not.toContain('fr-dpp');
    // the tutor by the registry's label (name and municipality), not her login
    expect(doc).toContain('Муниципальный тьютор: Зайцева Елена — Елизовский МР');
    expect(doc).not.toContain('tutor-elizovo');

    const row1 = await taskAt(s, k.token.ivanova, iomChild, 'complete-row');
    expect(row1.assignee).toBe(k.user.ivanova);
    await complete(s, k.token.ivanova, iomChild, 'complete-row', { rowDone: true, programmeCompleted: true, evidenceUrl: 'https://dpo.example.ru/cert/1' });
    const check = await taskAt(s, k.token['tutor-elizovo'], iomChild, 'tutor-check');
    expect(check.assignee).toBe(k.user['tutor-elizovo']);
    expect(await tasksOf(s, k.token['tutor2-elizovo'], iomChild)).toHaveLength(0);
    await complete(s, k.token['tutor-elizovo'], iomChild, 'tutor-check', { tutorComment: 'Выполнено' });
    await complete(s, k.token.ivanova, iomChild, 'complete-row', { rowDone: true, programmeCompleted: false, evidenceUrl: 'https://school1.example.ru/pair' });
    expect(await tasksOf(s, k.token['tutor-elizovo'], iomChild)).toHaveLength(0);
    await complete(s, k.token.mentor1, iomChild, 'mentor-review', { mentorReview: 'Работа в паре результативна' });
    await taskAt(s, k.token['tutor-elizovo'], iomChild, 'tutor-check');
  });

  test('the attestation to the highest category is recorded when it happens, by the school', async () => {
    await advance(s, k.admin, { to: '2027-11-20T09:00:00+12:00' });
    await ok(s, 'POST', `/api/process-instances/${ivanovaRoute}/messages`, { name: 'attestation-highest' }, k.token.metodist1);
    await complete(s, k.token.metodist1, ivanovaRoute, 'record-attestation', { attestedOn: '2027-11-15', attestationOrder: 'Приказ Минобразования № 1234 от 15.11.2027', attestedWithSupportMaterials: true });
    expect((await instance(s, k.token.ivanova, ivanovaRoute)).variables).toMatchObject({ attestedHighest: true, attestedOn: '2027-11-15', attestedWithSupportMaterials: true });
  });

  test('the year runs out while the ИОМ is in progress: the term ends the period, not the ИОМ; the route ends when the ИОМ is mastered', async () => {
    await advance(s, k.admin, { to: '2028-01-11T09:00:00+12:00' });
    const route = await instance(s, k.token.ivanova, ivanovaRoute);
    expect(route.activeElementIds).toEqual(expect.arrayContaining(['decide-extension', 'cnppm-iom']));
    expect(route.activeElementIds).not.toContain('municipal-reflection');
    expect((await instance(s, k.token.supervisor, iomChild)).state).toBe('active');
    await complete(s, k.token.metodist1, ivanovaRoute, 'decide-extension', { extend: false, extensionMonths: 1 });
    await complete(s, k.token.metodist1, ivanovaRoute, 'record-outcomes', {
      competitions: true, experienceGeneralised: true, experienceLevel: 'municipal', attestationPrepared: true,
      joinedAsset: true, assetRole: 'tutor', summary: 'Компетенции перенесены в практику',
    });
    expect((await instance(s, k.token.ivanova, ivanovaRoute)).state).toBe('active');
    await complete(s, k.token['tutor-elizovo'], iomChild, 'tutor-check', { tutorComment: 'Выполнено' });
    await complete(s, k.token.cnppm, iomChild, 'iom-summary', { frDppCompleted: true, iomSummary: 'ИОМ освоен' });
    const done = await instance(s, k.token.ivanova, ivanovaRoute);
    expect(done).toMatchObject({ state: 'completed', variables: { frDppCompleted: true, attestedHighest: true, joinedAsset: true } });
  });

  test('the monitoring started again by itself on 15 January 2028', async () => {
    await advance(s, k.admin, { to: '2028-01-16T09:00:00+12:00' });
    const runs = (await ok(s, 'GET', '/api/process-instances?processKey=regional-monitoring', undefined, k.token.supervisor)).items;
    expect(runs).toHaveLength(2);
  });

  test('a head applies to the ЦНППМ for a teacher of her school directly; the teacher\'s rows will be hers', async () => {
    expect((await s.call('POST', '/api/process-instances', { processKey: 'iom-diagnostics', subjectId: k.user.sidorova }, k.token.head1)).status).toBe(403);
    const app = await ok(s, 'POST', '/api/process-instances', { processKey: 'iom-diagnostics', subjectId: k.user.sidorova }, k.token.head3);
    expect(app).toMatchObject({ orgId: k.org.school3, subject: { id: k.user.sidorova } });
    await taskAt(s, k.token.cnppm, app.id, 'register-application');
  });

  test('a second teacher: her year runs out, the methodist extends it by three months; the experience is presented at the ММО', async () => {
    await advance(s, k.admin, { to: '2028-03-01T09:00:00+12:00' });
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support' }, k.token.petrov);
    await complete(s, k.token.petrov, inst.id, 'choose-direction', {
      courses: [{ courseTitle: 'Цифровая образовательная среда', completedOn: '2028-02-20' }], chosenCourse: 'Цифровая образовательная среда', directions: ['digital'],
    });
    await complete(s, k.token.metodist1, inst.id, 'interview', { interviewNotes: 'ok' });
    await complete(s, k.token.metodist1, inst.id, 'plan-events', { events: [{ eventType: 'master-class', topic: 'Цифровые инструменты', plannedDate: '2028-05-20', openToMunicipal: false }] });
    expect(await tasksOf(s, k.token['mms-elizovo'], inst.id)).toHaveLength(0);
    // one year in Kamchatka time (1 March 09:00 local is 28 February 21:00 UTC)
    await advance(s, k.admin, { to: '2029-03-01T08:59:00+12:00' });
    expect((await instance(s, k.token.petrov, inst.id)).activeElementIds).toContain('support-period');
    await advance(s, k.admin, { to: '2029-03-01T09:00:00+12:00' });
    expect((await instance(s, k.token.petrov, inst.id)).activeElementIds).toEqual(['decide-extension']);
    expect(await completedElements(s, k.token.petrov, inst.id)).toContain('support-term-expired');
    await complete(s, k.token.metodist1, inst.id, 'decide-extension', { extend: true, extensionMonths: 3, extensionReason: 'Подготовка к аттестации' });
    await complete(s, k.token.metodist1, inst.id, 'plan-events', { events: [{ eventType: 'seminar', topic: 'Цифровые инструменты: итоги', plannedDate: '2029-04-10', openToMunicipal: false }] });
    await complete(s, k.token.metodist1, inst.id, 'prepare-event', { consultationNotes: 'ok' });
    await complete(s, k.token.petrov, inst.id, 'hold-event', { heldOn: '2029-04-10', materialsUrl: 'https://school1.example.ru/seminar' });
    await complete(s, k.token.metodist1, inst.id, 'attend-event', { attended: true, visitNotes: 'ok' });
    await complete(s, k.token.metodist1, inst.id, 'school-reflection', { reflectionNotes: 'ok' });
    await complete(s, k.token['mms-elizovo'], inst.id, 'municipal-reflection', { municipalReflection: 'Опыт стоит представить', presentAtMmo: true });
    const mmo = await taskAt(s, k.token['mmo-elizovo'], inst.id, 'mmo-presentation');
    expect(mmo.candidateRoles).toEqual(['mmo']);
    await complete(s, k.token['mmo-elizovo'], inst.id, 'mmo-presentation', { mmoMeetingOn: '2029-04-25', mmoConclusion: 'Опыт представлен', experienceRecommended: true });
    // the school's methodical service raises his difficulties; the ММС keeps the support at school and municipal level
    await ok(s, 'POST', `/api/process-instances/${inst.id}/messages`, { name: 'difficulties-raised', variables: { difficultiesDescription: 'Нужна помощь с цифровыми инструментами' } }, k.token.metodist1);
    await complete(s, k.token['mms-elizovo'], inst.id, 'mms-difficulties', { mmsDecision: 'continue', mmsDecisionNotes: 'Поможет ИМЦ' });
    expect(await tasksOf(s, k.token.head1, inst.id)).toHaveLength(0);
    await complete(s, k.token.metodist1, inst.id, 'record-outcomes', { experienceLevel: 'municipal', assetRole: 'none', summary: 'Завершено после продления' });
    const done = await instance(s, k.token.petrov, inst.id);
    expect(done).toMatchObject({ state: 'completed', variables: { extensionCount: 1, supportTerm: 'P3M' } });
  });

  test('the ИРО develops a programme, the РУМО reviews it before the ФР ДПП', async () => {
    const dpp = await ok(s, 'POST', '/api/process-instances', { processKey: 'dpp-registry' }, k.token.iro);
    await complete(s, k.token.iro, dpp.id, 'dpp-develop', { programmeTitle: 'Смысловое чтение на уроках математики', programmeKind: 'pk', hours: 36, deficitsAddressed: 'Методические дефициты' });
    await complete(s, k.token.rumo, dpp.id, 'rumo-review', { rumoDecision: 'recommend', rumoNotes: 'Рекомендована' });
    await taskAt(s, k.token.iro, dpp.id, 'dpp-submit');
  });

  test('the indicators of both seeds count people, per municipality', async () => {
    const r = await s.call('GET', `/api/indicators?orgId=${k.org.region}&from=2027-01-01&to=2030-01-01`, undefined, k.token.supervisor);
    expect(r.status).toBe(200);
    const byKey = Object.fromEntries(r.body.items.map((i: any) => [i.key, i]));
    const municipal = (key: string) => Object.fromEntries(byKey[key].breakdown.map((b: any) => [b.orgName, [b.numerator, b.denominator]]));
    for (const i of r.body.items) expect(i.error).toBeUndefined();
    // seed 000: Иванова (the ММС visited her lesson) and Петров (municipal reflection) are in municipal-level support
    expect(byKey['attested-highest']).toMatchObject({ numerator: 1, denominator: 2 });
    expect(municipal('attested-highest')).toMatchObject({ 'Елизовский муниципальный район': [1, 2], 'Петропавловск-Камчатский городской округ': [0, 0] });
    expect(byKey['methodical-asset']).toMatchObject({ numerator: 1, denominator: 2 });
    // difficulties raised for both; the head applied for Иванова only (Петров's stayed at school and municipal level)
    expect(byKey['difficulties-applied']).toMatchObject({ numerator: 1, denominator: 2 });
    // seed 002: teachers and managers — 3 teachers and 2 heads; Иванова diagnosed, with an ИОМ, ФР ДПП completed
    expect(byKey['diagnostics-passed']).toMatchObject({ numerator: 1, denominator: 5 });
    expect(municipal('diagnostics-passed')).toMatchObject({ 'Елизовский муниципальный район': [1, 3], 'Петропавловск-Камчатский городской округ': [0, 2] });
    expect(byKey['iom-built']).toMatchObject({ numerator: 1, denominator: 5 });
    expect(byKey['fr-dpp-completed']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(byKey['management-teams-trained']).toMatchObject({ numerator: 0, denominator: 3 });
    expect(municipal('management-teams-trained')).toMatchObject({ 'Елизовский муниципальный район': [0, 2], 'Петропавловск-Камчатский городской округ': [0, 1] });
    // Иванова is under 35 in her first 3 years, and in support
    expect(byKey['young-teachers-supported']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(byKey['dpp-in-registry']).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
