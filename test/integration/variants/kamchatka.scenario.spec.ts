import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, completedElements, instance, taskAt, tasksOf, variantTenant } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

/**
 * Kamchatka (seeds 000 and 002) through the REST API on the simulated clock: a teacher's year of
 * post-course support at school and municipal level, difficulties → the school head's application
 * → diagnostics and an ИОМ at the ЦНППМ (a called process) with tutor support; a second teacher
 * whose year runs out, is extended by three months and closed; the indicators of both seeds.
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
      ['ivanova', 'Иванова Мария Петровна', [['school1', 'pedagog']], { birthDate: '1998-04-02', careerStart: '2025-09-01', position: 'учитель математики' }],
      ['petrov', 'Петров Илья Сергеевич', [['school1', 'pedagog']], { birthDate: '1975-01-10', careerStart: '1998-09-01', position: 'учитель физики' }],
      ['sidorova', 'Сидорова Анна Викторовна', [['school3', 'pedagog']], { birthDate: '1990-05-05', careerStart: '2012-09-01' }],
      ['metodist1', 'Кузнецова Ольга Ивановна (завуч СШ № 1)', [['school1', 'metodist-oo']]],
      ['metodist2', 'Орлова Наталья (методист СШ № 2)', [['school2', 'metodist-oo']]],
      ['head1', 'Смирнов Андрей (директор СШ № 1)', [['school1', 'rukovoditel-oo']]],
      ['mms-elizovo', 'ИМЦ Елизовского района', [['elizovo', 'mms']]],
      ['mms-pk', 'ИМЦ Петропавловска-Камчатского', [['pk', 'mms']]],
      ['tutor-elizovo', 'Муниципальный тьютор Елизовского района', [['elizovo', 'tyutor']]],
      ['cnppm', 'Специалист ЦНППМ', [['region', 'cnppm']]],
      ['iro', 'Методист Камчатского ИРО', [['region', 'iro']]],
      ['minobr', 'Специалист Министерства образования', [['region', 'minobr']]],
      ['supervisor', 'Наблюдатель региона', [['region', 'supervisor']]],
    ]);
    await advance(s, k.admin, { to: '2027-01-11T09:00:00+12:00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  let withDifficulties: string;

  test('a teacher chooses one course topic; her school methodist interviews her and plans the events; nobody at another school sees them', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support' }, k.token.ivanova);
    withDifficulties = inst.id;
    const choose = await taskAt(s, k.token.ivanova, inst.id, 'choose-direction');
    expect(choose.assignee).toBe(k.user.ivanova);
    expect((await tasksOf(s, k.token.petrov, inst.id))).toHaveLength(0);
    // п. 5: one course topic, required
    const bad = await s.call('POST', `/api/tasks/${choose.id}/complete`, { variables: { directions: ['methodical'] } }, k.token.ivanova);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(expect.arrayContaining(['chosenCourse', 'courses']));
    await complete(s, k.token.ivanova, inst.id, 'choose-direction', {
      courses: [
        { courseTitle: 'Формирование функциональной грамотности обучающихся', provider: 'Камчатский ИРО', completedOn: '2026-12-20' },
        { courseTitle: 'Цифровая образовательная среда', provider: 'Камчатский ИРО', completedOn: '2026-12-25' },
      ],
      chosenCourse: 'Формирование функциональной грамотности обучающихся', directions: ['methodical', 'subject'], youngTeacher: true,
    });
    expect(await tasksOf(s, k.token.metodist2, inst.id)).toHaveLength(0);
    await complete(s, k.token.metodist1, inst.id, 'interview', { interviewNotes: 'Выбраны направления: методическое, предметное', directionsAgreed: true });
    await complete(s, k.token.metodist1, inst.id, 'plan-events', {
      events: [
        { eventType: 'open-lesson', topic: 'Читательская грамотность на уроке математики', plannedDate: '2027-02-15', openToMunicipal: true },
        { eventType: 'publication', topic: 'Статья в сборнике ИРО', plannedDate: '2027-04-20', openToMunicipal: false },
      ],
    });
    const prep = (await tasksOf(s, k.token.metodist1, inst.id)).filter((t) => t.elementId === 'prepare-event');
    expect(prep).toHaveLength(2);
    // due three days before the event at 18:00 Kamchatka time
    expect(prep.map((t) => t.dueAt).sort()).toEqual(['2027-02-12T06:00:00.000Z', '2027-04-17T06:00:00.000Z']);
  });

  test('deadlines: a preparation not done three days before the open lesson is overdue for the methodist', async () => {
    await advance(s, k.admin, { to: '2027-02-13T09:00:00+12:00' });
    const overdue = (await ok(s, 'GET', `/api/tasks?overdue=true&processInstanceId=${withDifficulties}`, undefined, k.token.metodist1)).items;
    expect(overdue.map((t: any) => t.elementId)).toEqual(['prepare-event']);
  });

  test('each event: preparation → held with a link → school visit → ММС visit when open → reflection; then the ММС decides on difficulties', async () => {
    const id = withDifficulties;
    for (const t of (await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'prepare-event')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { consultationNotes: 'Консультация по сценарию' } }, k.token.metodist1);
    }
    const holds = (await tasksOf(s, k.token.ivanova, id)).filter((x) => x.elementId === 'hold-event');
    expect(holds).toHaveLength(2);
    const badLink = await s.call('POST', `/api/tasks/${holds[0].id}/complete`, { variables: { heldOn: '2027-02-15', materialsUrl: 'not a link' } }, k.token.ivanova);
    expect(badLink.status).toBe(400);
    expect(Object.keys(badLink.body.fields)).toEqual(['materialsUrl']);
    for (const [i, t] of holds.entries()) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { heldOn: '2027-02-15', materialsUrl: `https://school1.example.ru/materials/${i + 1}` } }, k.token.ivanova);
    }
    for (const t of (await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'attend-event')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { attended: true, visitNotes: 'Посещено' } }, k.token.metodist1);
    }
    // only the open lesson goes to the municipal service of the school's municipality
    expect(await tasksOf(s, k.token['mms-pk'], id)).toHaveLength(0);
    const visits = (await tasksOf(s, k.token['mms-elizovo'], id)).filter((x) => x.elementId === 'mms-visit');
    expect(visits).toHaveLength(1);
    await ok(s, 'POST', `/api/tasks/${visits[0].id}/complete`, { variables: { mmsVisitNotes: 'Урок посещён специалистом ИМЦ' } }, k.token['mms-elizovo']);
    for (const t of (await tasksOf(s, k.token.metodist1, id)).filter((x) => x.elementId === 'school-reflection')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { reflectionNotes: 'Рефлексия проведена' } }, k.token.metodist1);
    }
    const vars = (await instance(s, k.token.ivanova, id)).variables;
    expect(vars.eventResults.map((r: any) => r.materialsUrl)).toEqual(['https://school1.example.ru/materials/1', 'https://school1.example.ru/materials/2']);
    await complete(s, k.token['mms-elizovo'], id, 'municipal-reflection', { municipalReflection: 'Затруднения в применении', difficulties: true, mmsDecision: 'recommend-cnppm' });
    expect((await taskAt(s, k.token.head1, id, 'head-application')).candidateRoles).toEqual(['rukovoditel-oo']);
    await complete(s, k.token.head1, id, 'head-application', { applyToCnppm: true, applicationText: 'По решению ИМЦ' });
  });

  test('the ЦНППМ diagnoses the deficits, builds the ИОМ; a municipal tutor supports each row; the result returns to the support', async () => {
    const children = (await ok(s, 'GET', '/api/process-instances?processKey=iom-diagnostics', undefined, k.token.supervisor)).items;
    expect(children).toHaveLength(1);
    const child = children[0];
    expect(child).toMatchObject({ parentInstanceId: withDifficulties, orgId: k.org.school1 });
    await complete(s, k.token.cnppm, child.id, 'register-application', { participantCategory: 'teacher', diagnosticsDate: '2027-05-10', diagnosticInstrument: 'cnppm' });
    expect((await taskAt(s, k.token.cnppm, child.id, 'diagnostics')).dueAt).toBe('2027-05-10T06:00:00.000Z');
    await complete(s, k.token.cnppm, child.id, 'diagnostics', { deficits: ['methodical'], diagnosticsScore: 54, diagnosticsReport: 'Методические дефициты' });
    await complete(s, k.token.cnppm, child.id, 'build-iom', {
      iomRows: [
        { deficit: 'methodical', task: 'Освоить приёмы смыслового чтения', workForm: 'fr-dpp', programme: 'ДПП из ФР ДПП «Функциональная грамотность»', dueDate: '2027-06-30' },
        { deficit: 'methodical', task: 'Стажировка', workForm: 'internship', programme: 'Стажировочная площадка СШ № 33', dueDate: '2027-09-30' },
      ],
    });
    await complete(s, k.token['mms-elizovo'], child.id, 'assign-tutor', { tutorName: 'Тьютор Елизовского района', tutorTrainedAtCnppm: true });
    for (let i = 0; i < 2; i++) {
      await complete(s, k.token.ivanova, child.id, 'complete-row', { rowDone: true, programmeCompleted: i === 0, evidenceUrl: 'https://dpo.example.ru/cert/1' });
      await complete(s, k.token['tutor-elizovo'], child.id, 'tutor-check', { tutorComment: 'Выполнено' });
    }
    await complete(s, k.token.cnppm, child.id, 'iom-summary', { frDppCompleted: true, iomSummary: 'ИОМ освоен' });
    expect((await instance(s, k.token.supervisor, child.id)).state).toBe('completed');
    const parent = await instance(s, k.token.ivanova, withDifficulties);
    expect(parent.variables).toMatchObject({ frDppCompleted: true });
    expect(parent.activeElementIds).toEqual(['record-outcomes']);
    await complete(s, k.token.metodist1, withDifficulties, 'record-outcomes', {
      competitions: true, experienceGeneralised: true, experienceLevel: 'municipal', attestationPrepared: true,
      attestedHighest: true, joinedAsset: true, assetRole: 'tutor', summary: 'Компетенции перенесены в практику',
    });
    expect((await instance(s, k.token.ivanova, withDifficulties)).state).toBe('completed');
  });

  test('a year passes: the support term timer fires, the methodist extends it by three months, then closes it', async () => {
    await advance(s, k.admin, { to: '2027-03-01T09:00:00+12:00' });
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support' }, k.token.petrov);
    await complete(s, k.token.petrov, inst.id, 'choose-direction', {
      courses: [{ courseTitle: 'Цифровая образовательная среда', completedOn: '2027-02-20' }], chosenCourse: 'Цифровая образовательная среда', directions: ['digital'],
    });
    await complete(s, k.token.metodist1, inst.id, 'interview', { interviewNotes: 'ok' });
    await complete(s, k.token.metodist1, inst.id, 'plan-events', { events: [{ eventType: 'master-class', topic: 'Цифровые инструменты', plannedDate: '2027-05-20', openToMunicipal: false }] });
    // one year in Kamchatka time (2028 is a leap year: 1 March 09:00 local is 29 February 21:00 UTC)
    await advance(s, k.admin, { to: '2028-03-01T08:59:00+12:00' });
    expect((await instance(s, k.token.petrov, inst.id)).activeElementIds).toContain('support-period');
    await advance(s, k.admin, { to: '2028-03-01T09:00:00+12:00' });
    const after = await instance(s, k.token.petrov, inst.id);
    expect(after.activeElementIds).toEqual(['decide-extension']);
    expect(await completedElements(s, k.token.petrov, inst.id)).toContain('support-term-expired');
    await complete(s, k.token.metodist1, inst.id, 'decide-extension', { extend: true, extensionMonths: 3, extensionReason: 'Подготовка к аттестации' });
    await taskAt(s, k.token.metodist1, inst.id, 'plan-events');
    await advance(s, k.admin, { to: '2028-06-01T09:00:00+12:00' });
    await complete(s, k.token.metodist1, inst.id, 'decide-extension', { extend: false, extensionMonths: 1 });
    await complete(s, k.token.metodist1, inst.id, 'record-outcomes', { experienceLevel: 'none', assetRole: 'none', summary: 'Завершено после продления' });
    const done = await instance(s, k.token.petrov, inst.id);
    expect(done).toMatchObject({ state: 'completed', variables: { extensionCount: 1, supportTerm: 'P3M' } });
  });

  test('the indicators of both seeds are computed from these instances', async () => {
    const r = await s.call('GET', `/api/indicators?orgId=${k.org.region}&from=2027-01-01&to=2029-01-01`, undefined, k.token.supervisor);
    expect(r.status).toBe(200);
    const byKey = Object.fromEntries(r.body.items.map((i: any) => [i.key, i]));
    // seed 000: 1 teacher in municipal-level support (Иванова), certified and in the asset; 1 of 1 with difficulties applied
    expect(byKey['attested-highest']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(byKey['methodical-asset']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(byKey['difficulties-applied']).toMatchObject({ numerator: 1, denominator: 1 });
    // seed 002: 3 teachers; 1 diagnosed, 1 ИОМ, 1 completed ФР ДПП; 1 young teacher (Иванова) of 1 in the profile
    expect(byKey['diagnostics-passed']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(byKey['iom-built']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(byKey['fr-dpp-completed']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(byKey['young-teachers-supported']).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
