import { DateTime } from 'luxon';
import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, completedElements, documentResources, documentText, instance, taskAt, tasksOf, variantResources, variantTenant } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

const almaty = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Almaty' }).toUTC().toISO();

/**
 * Kazakhstan (seed 001) on the simulated clock: a teacher's calendar year of post-course support,
 * started for her by her head — the МО's help in drafting the plan (its own step), the plan (the
 * help of her course's curator on request, МО discussion, approval by the head, rework), the plan's
 * events with links to published materials for the curator of her course, difficulties raised by the
 * teacher herself → an individual plan of the РУМЦДО, the presentation with active links, the МО's
 * expert conclusion, district and oblast events, the methodical asset decided at the level chosen;
 * ONE consolidated half-year report per organisation (due 1 June and 1 October, Asia/Almaty) listing
 * every teacher of the organisation in support, due whatever happens to any one route; a second
 * teacher whose calendar year runs out; the РУМЦДО's post-course monitoring cycle.
 */
describe('Kazakhstan: post-course support of a teacher for one calendar year (seed 001)', () => {
  let s: TestServer;
  let k: VariantTenant;
  let main: string;
  let slow: string;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    k = await variantTenant(s, 'kazakhstan', 'kz-test', 'Asia/Almaty', [
      ['rk', 'Республика Казахстан', 'republic'],
      ['pavlodar-obl', 'Павлодарская область', 'oblast', 'rk'],
      ['pavlodar', 'г. Павлодар', 'district', 'pavlodar-obl'],
      ['ekibastuz', 'г. Экибастуз', 'district', 'pavlodar-obl'],
      ['ddt1', 'Дворец детского творчества г. Павлодара', 'organization', 'pavlodar'],
      ['syut', 'Станция юных техников г. Павлодара', 'organization', 'pavlodar'],
      ['eki-ddt', 'Дом детского творчества г. Экибастуза', 'organization', 'ekibastuz'],
    ], [
      ['aigerim', 'Серикова Айгерим Нурлановна', [['ddt1', 'pedagog-do']], { position: 'педагог дополнительного образования' }],
      ['daniyar', 'Ахметов Данияр Серикович', [['ddt1', 'pedagog-do']]],
      ['asel', 'Жунусова Асель Маратовна', [['syut', 'pedagog-do']]],
      ['mo-ddt1', 'МО Дворца детского творчества', [['ddt1', 'mo-oo']]],
      ['mo-syut', 'МО Станции юных техников', [['syut', 'mo-oo']]],
      ['head-ddt1', 'Директор ДДТ', [['ddt1', 'rukovoditel-org']]],
      ['head-syut', 'Директор СЮТ', [['syut', 'rukovoditel-org']]],
      ['head-eki', 'Директор ДДТ Экибастуза', [['eki-ddt', 'rukovoditel-org']]],
      ['rayon-pvl', 'Методист ГМО г. Павлодара', [['pavlodar', 'metodist-rayon']]],
      ['rayon-eki', 'Методист ГМО г. Экибастуза', [['ekibastuz', 'metodist-rayon']]],
      ['oblast', 'Методист областного МО', [['pavlodar-obl', 'metodist-oblast']]],
      ['curator', 'Куратор курса РУМЦДО', [['rk', 'kurator-rumcdo']]],
      ['curator-stem', 'Куратор курса STEM РУМЦДО', [['rk', 'kurator-rumcdo']]],
      ['trainer', 'Тренер РУМЦДО', [['rk', 'trener-rumcdo']]],
      ['analyst', 'Специалист РУМЦДО по мониторингу', [['rk', 'specialist-rumcdo']]],
      ['council', 'Секретарь Учебно-методического совета РУМЦДО', [['rk', 'umc-rumcdo']]],
      ['observer', 'Наблюдатель РУМЦДО', [['rk', 'supervisor']]],
    ]);
    // the document templates; the РУМЦДО's list of course curators (a reference list the tenant edits)
    await ok(s, 'POST', '/api/deployments', { tenant: k.tenantKey, name: 'kazakhstan', resources: [...variantResources('kazakhstan'), ...documentResources('kazakhstan')] }, k.superToken);
    await ok(s, 'PUT', '/api/reference-lists/course-curators', { items: [
      { value: 'curator', label: 'Куратор курса РУМЦДО' }, { value: 'curator-stem', label: 'Куратор курса STEM РУМЦДО' },
    ] }, k.admin);
    await advance(s, k.admin, { to: '2027-01-15T09:00:00+05:00' });
  });

  /** The consolidated report instances of the organisations (org ref → instance ids, oldest first). */
  const reports = async () => {
    const items = (await ok(s, 'GET', '/api/process-instances?processKey=halfyear-report&size=100', undefined, k.token.observer)).items;
    const byOrg: Record<string, any[]> = {};
    for (const i of [...items].sort((a: any, b: any) => a.startedAt.localeCompare(b.startedAt))) {
      const ref = Object.keys(k.org).find((r) => k.org[r] === i.orgId)!;
      (byOrg[ref] ??= []).push(i);
    }
    return byOrg;
  };
  afterAll(async () => {
    await s?.close();
  });

  test('stage 1: her head starts the support for her; the МО helps her draft the plan (its own step); her course curator helps on request; the МО discusses it; the head returns it, then approves it', async () => {
    expect((await s.call('POST', '/api/process-instances', { processKey: 'post-course-support', subjectId: k.user.aigerim }, k.token['head-syut'])).status).toBe(403);
    const started = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support', subjectId: k.user.aigerim }, k.token['head-ddt1']);
    main = started.id;
    expect(started.subject).toMatchObject({ id: k.user.aigerim, orgId: k.org.ddt1 });
    expect(await tasksOf(s, k.token['mo-syut'], main)).toHaveLength(0);
    expect((await taskAt(s, k.token['mo-ddt1'], main, 'mo-plan-help')).candidateRoles).toEqual(['mo-oo']);
    expect(await tasksOf(s, k.token.aigerim, main)).toHaveLength(0);
    await complete(s, k.token['mo-ddt1'], main, 'mo-plan-help', { moHelpOn: '2027-01-18', moPlanAdvice: 'Открытое занятие и вебинар для коллег' });
    expect((await taskAt(s, k.token.aigerim, main, 'draft-plan')).assignee).toBe(k.user.aigerim);
    expect(await tasksOf(s, k.token['head-ddt1'], main)).toHaveLength(0);
    const plan = {
      courseName: 'Развитие технического творчества и STEM-образования', courseCurator: 'curator-stem',
      planEvents: [
        { eventType: 'open-lesson', topic: 'Робототехника для начинающих', plannedDate: '2027-03-10', trainerInvited: true },
        { eventType: 'webinar', topic: 'STEM-проекты в кружке', plannedDate: '2027-04-20', trainerInvited: false },
      ],
    };
    await complete(s, k.token.aigerim, main, 'draft-plan', { ...plan, needRumcdoHelp: true });
    expect(await tasksOf(s, k.token.curator, main)).toHaveLength(0);
    expect((await taskAt(s, k.token['curator-stem'], main, 'rumcdo-plan-help')).assignee).toBe(k.user['curator-stem']);
    await complete(s, k.token['curator-stem'], main, 'rumcdo-plan-help', { rumcdoAdvice: 'Добавить вебинар для коллег' });
    expect(await tasksOf(s, k.token['mo-syut'], main)).toHaveLength(0);
    await complete(s, k.token['mo-ddt1'], main, 'mo-discussion', { moProtocol: '3', moDate: '2027-01-25' });
    await complete(s, k.token['head-ddt1'], main, 'head-approval', { planApproved: false, approvalComment: 'Уточнить сроки' });
    await complete(s, k.token.aigerim, main, 'draft-plan', { ...plan, needRumcdoHelp: false });
    await complete(s, k.token['mo-ddt1'], main, 'mo-discussion', { moProtocol: '4', moDate: '2027-02-01' });
    await complete(s, k.token['head-ddt1'], main, 'head-approval', { planApproved: true });
    const consults = (await tasksOf(s, k.token['mo-ddt1'], main)).filter((t) => t.elementId === 'mo-consult');
    expect(consults.map((t) => t.dueAt).sort()).toEqual([almaty('2027-03-05T18:00'), almaty('2027-04-15T18:00')]);
    const planDoc = await documentText(s, k.token['mo-ddt1'], main, 'plan');
    for (const t of ['Серикова Айгерим Нурлановна', 'Дворец детского творчества г. Павлодара', 'педагог дополнительного образования', 'Открытое занятие', 'Вебинар']) expect(planDoc).toContain(t);
    expect(planDoc).not.toContain('open-lesson');
  });

  test('another organisation: its МО starts the support for its teacher, whose route then stalls at the plan', async () => {
    const r = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support', subjectId: k.user.asel }, k.token['mo-syut']);
    await complete(s, k.token['mo-syut'], r.id, 'mo-plan-help', { moHelpOn: '2027-01-20', moPlanAdvice: 'Мастер-класс' });
    expect((await taskAt(s, k.token.asel, r.id, 'draft-plan')).assignee).toBe(k.user.asel);
  });

  test('stage 2: each event — МО consultation, the teacher publishes and must give a link, the МО visits, the curator gets the link, the trainer attends when invited, reflection', async () => {
    for (const t of (await tasksOf(s, k.token['mo-ddt1'], main)).filter((x) => x.elementId === 'mo-consult')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { moConsultNotes: 'Консультация' } }, k.token['mo-ddt1']);
    }
    const holds = (await tasksOf(s, k.token.aigerim, main)).filter((x) => x.elementId === 'hold-plan-event');
    expect(holds).toHaveLength(2);
    const noLink = await s.call('POST', `/api/tasks/${holds[0].id}/complete`, { variables: { heldOn: '2027-03-10' } }, k.token.aigerim);
    expect(noLink.status).toBe(400);
    expect(Object.keys(noLink.body.fields)).toEqual(['publicationUrl']);
    const badLink = await s.call('POST', `/api/tasks/${holds[0].id}/complete`, { variables: { heldOn: '2027-03-10', publicationUrl: 'instagram/ddt1' } }, k.token.aigerim);
    expect(badLink.status).toBe(400);
    // the first event only, for now
    const first = holds.find((h) => h.dueAt === almaty('2027-03-17T18:00'))!;
    await ok(s, 'POST', `/api/tasks/${first.id}/complete`, { variables: { heldOn: '2027-03-10', publicationUrl: 'https://www.instagram.com/p/ddt1-robot', recordingUrl: 'https://youtu.be/robot' } }, k.token.aigerim);
    await complete(s, k.token['mo-ddt1'], main, 'mo-visit', { moVisitNotes: 'Посещено' });
    expect(await tasksOf(s, k.token.curator, main)).toHaveLength(0);
    const link = await taskAt(s, k.token['curator-stem'], main, 'curator-link');
    expect((await ok(s, 'GET', `/api/tasks/${link.id}`, undefined, k.token['curator-stem'])).context.variables).toMatchObject({
      eventTopic: 'Робототехника для начинающих', publicationUrl: 'https://www.instagram.com/p/ddt1-robot',
    });
    await complete(s, k.token['curator-stem'], main, 'curator-link', { linkChecked: true });
    await complete(s, k.token.trainer, main, 'trainer-visit', { trainerMode: 'recording', trainerFeedback: 'Хорошо' });
    await complete(s, k.token['mo-ddt1'], main, 'mo-reflection', { moReflectionNotes: 'Рефлексия' });
  });

  test('half-year report: on 1 May each organisation with teachers in support gets ONE consolidated report listing them, due by 1 June (midnight, Asia/Almaty); one without teachers gets none', async () => {
    // opened by themselves on 1 January, one per organisation
    expect(Object.fromEntries(Object.entries(await reports()).map(([o, l]) => [o, l.length]))).toEqual({ ddt1: 1, syut: 1, 'eki-ddt': 1 });
    await advance(s, k.admin, { to: '2027-05-01T10:00:00+05:00' });
    const byOrg = await reports();
    const ddt1 = byOrg.ddt1[0].id;
    const report = await taskAt(s, k.token['head-ddt1'], ddt1, 'prepare-report');
    expect(report.dueAt).toBe(almaty('2027-06-01T00:00'));
    expect(report.candidateRoles).toEqual(['rukovoditel-org']);
    expect(report.orgId).toBe(k.org.ddt1);
    expect(await tasksOf(s, k.token['head-syut'], ddt1)).toHaveLength(0);
    const vars = (await ok(s, 'GET', `/api/tasks/${report.id}`, undefined, k.token['head-ddt1'])).context.variables;
    expect(vars.teachers).toEqual([expect.objectContaining({ fullName: 'Серикова Айгерим Нурлановна', course: 'Развитие технического творчества и STEM-образования', planApproved: true, eventsPlanned: 2, routeEnded: false })]);
    expect(vars.organizationName).toBe('Дворец детского творчества г. Павлодара');
    // the other organisation's report lists its own teacher, whose route stalled at the plan: the report is due all the same
    const syut = byOrg.syut[0].id;
    expect((await taskAt(s, k.token['head-syut'], syut, 'prepare-report')).dueAt).toBe(almaty('2027-06-01T00:00'));
    expect((await instance(s, k.token.observer, syut)).variables.teachers.map((t: any) => [t.fullName, t.planApproved])).toEqual([['Жунусова Асель Маратовна', false]]);
    // no teachers in support at Экибастуз: no report task, the period closed
    expect((await instance(s, k.token.observer, byOrg['eki-ddt'][0].id)).state).toBe('completed');
    expect(await tasksOf(s, k.token['head-eki'])).toHaveLength(0);

    await advance(s, k.admin, { to: '2027-06-02T09:00:00+05:00' });
    const overdue = (await ok(s, 'GET', `/api/tasks?overdue=true&processInstanceId=${ddt1}`, undefined, k.token['head-ddt1'])).items;
    expect(overdue.map((t: any) => t.elementId)).toEqual(['prepare-report']);
    await complete(s, k.token['head-ddt1'], ddt1, 'prepare-report', { reportText: 'Проведено открытое занятие, материалы опубликованы' });
    const doc = await documentText(s, k.token.curator, ddt1, 'halfyear-report');
    for (const t of ['Дворец детского творчества г. Павлодара', 'первое полугодие 2027', 'Серикова Айгерим Нурлановна', 'Этап 2: реализация Плана']) expect(doc).toContain(t);
    await complete(s, k.token.curator, ddt1, 'accept-report', { reportAccepted: true });
    expect((await instance(s, k.token.observer, ddt1)).state).toBe('completed');
    // the second period opened on 1 June: a new report instance per organisation, her route announced itself
    const june = (await reports()).ddt1;
    expect(june).toHaveLength(2);
    expect((await instance(s, k.token.observer, june[1].id)).variables.teachers.map((t: any) => t.fullName)).toEqual(['Серикова Айгерим Нурлановна']);
  });

  test('difficulties at any time: the teacher raises them herself; her course curator draws up the individual plan while the plan goes on', async () => {
    expect((await instance(s, k.token.aigerim, main)).raisable).toEqual(['teacher-difficulties']);
    // a colleague who does not see her route cannot; an undeclared message is refused
    expect((await s.call('POST', `/api/process-instances/${main}/messages`, { name: 'teacher-difficulties' }, k.token.daniyar)).status).toBe(404);
    expect((await s.call('POST', `/api/process-instances/${main}/messages`, { name: 'halfyear-report-entry' }, k.token.aigerim)).status).toBe(400);
    await ok(s, 'POST', `/api/process-instances/${main}/messages`, { name: 'teacher-difficulties', variables: { difficultyReportedBy: 'teacher' } }, k.token.aigerim);
    expect(await tasksOf(s, k.token.curator, main)).toHaveLength(0);
    await complete(s, k.token['curator-stem'], main, 'rumcdo-individual-plan', {
      difficultyDescription: 'Затруднения с вебинаром', individualPlan: [{ action: 'Консультация тренера', due: '2027-06-20' }], individualPlanDue: '2027-06-30',
    });
    expect((await taskAt(s, k.token.aigerim, main, 'individual-plan-done')).dueAt).toBe(almaty('2027-06-30T18:00'));
    await complete(s, k.token.aigerim, main, 'individual-plan-done', { individualPlanResult: 'Вебинар подготовлен' });
    // the second event of the plan is still open
    expect((await tasksOf(s, k.token.aigerim, main)).map((t) => t.elementId)).toEqual(['hold-plan-event']);
  });

  test('stage 3 and beyond: presentation with active links, positive expertise, district and oblast events with the right methodists, the asset decision at the level chosen', async () => {
    await complete(s, k.token.aigerim, main, 'hold-plan-event', { heldOn: '2027-06-25', publicationUrl: 'https://www.facebook.com/ddt1/webinar' });
    await complete(s, k.token['mo-ddt1'], main, 'mo-visit', { moVisitNotes: 'Посещено' });
    await complete(s, k.token['curator-stem'], main, 'curator-link', { linkChecked: true });
    await complete(s, k.token['mo-ddt1'], main, 'mo-reflection', { moReflectionNotes: 'Рефлексия' });
    const links = (await instance(s, k.token.aigerim, main)).variables.eventLinks;
    expect(links.map((l: any) => l.url)).toEqual(['https://www.instagram.com/p/ddt1-robot', 'https://www.facebook.com/ddt1/webinar']);

    const present = await taskAt(s, k.token.aigerim, main, 'present-results');
    const noLinks = await s.call('POST', `/api/tasks/${present.id}/complete`, { variables: { presentationForm: 'portfolio', presentedOn: '2027-07-05' } }, k.token.aigerim);
    expect(noLinks.status).toBe(400);
    expect(Object.keys(noLinks.body.fields)).toEqual(['activeLinks']);
    await ok(s, 'POST', `/api/tasks/${present.id}/complete`, { variables: {
      presentationForm: 'portfolio', presentedOn: '2027-07-05', activeLinks: links.map((l: any) => ({ url: l.url, title: l.topic })),
    } }, k.token.aigerim);
    await complete(s, k.token['mo-ddt1'], main, 'expert-conclusion', { expertPositive: true, expertConclusion: 'Практика рекомендуется к распространению' });
    await complete(s, k.token.aigerim, main, 'plan-regional-events', { regionalEvents: [
      { level: 'district', eventType: 'master-class', topic: 'Робототехника: мастер-класс для ГМО', plannedDate: '2027-09-15' },
      { level: 'oblast', eventType: 'seminar', topic: 'Областной семинар STEM', plannedDate: '2027-10-20' },
    ], assetLevelSought: 'district' });
    const district = (await tasksOf(s, k.token['rayon-pvl'], main)).filter((t) => t.elementId === 'regional-prepare');
    const oblast = (await tasksOf(s, k.token.oblast, main)).filter((t) => t.elementId === 'regional-prepare');
    expect([district.length, oblast.length]).toEqual([1, 1]);
    expect(await tasksOf(s, k.token['rayon-eki'], main)).toHaveLength(0);
    await ok(s, 'POST', `/api/tasks/${district[0].id}/complete`, { variables: { regionalAdvice: 'Оформить практику' } }, k.token['rayon-pvl']);
    await ok(s, 'POST', `/api/tasks/${oblast[0].id}/complete`, { variables: { regionalAdvice: 'Подготовить доклад' } }, k.token.oblast);
    for (const t of (await tasksOf(s, k.token.aigerim, main)).filter((x) => x.elementId === 'hold-regional-event')) {
      await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { heldOn: '2027-09-15', siteUrl: 'https://ddt1.edu.kz/stem', journal: 'temirkazyk', successful: true } }, k.token.aigerim);
    }
    await complete(s, k.token['rayon-pvl'], main, 'regional-reflection', { regionalReflection: 'Успешно' });
    await complete(s, k.token.oblast, main, 'regional-reflection', { regionalReflection: 'Успешно' });
    // the district (city) МО was chosen: the decision is the city methodist's, not the oblast's
    expect(await tasksOf(s, k.token.oblast, main)).toHaveLength(0);
    expect(await tasksOf(s, k.token['rayon-eki'], main)).toHaveLength(0);
    expect((await taskAt(s, k.token['rayon-pvl'], main, 'asset-decision')).candidateRoles).toEqual(['metodist-rayon']);
    await complete(s, k.token['rayon-pvl'], main, 'asset-decision', { includedInAsset: true, assetLevel: 'district', republicRecommended: true });
    const conclusion = await documentText(s, k.token['mo-ddt1'], main, 'expert-conclusion');
    for (const t of ['Серикова Айгерим Нурлановна', 'Портфолио педагога']) expect(conclusion).toContain(t);
    await complete(s, k.token['head-ddt1'], main, 'final-summary', { finalSummary: 'Компетенции применяются', accessGranted: true });
    expect((await instance(s, k.token.aigerim, main)).state).toBe('completed');
  });

  test('a teacher whose calendar year runs out: the 1 September consolidated report lists both teachers of the organisation — the ended route and his; then his year ends and the head sums up', async () => {
    await advance(s, k.admin, { to: '2027-07-01T09:00:00+05:00' });
    slow = (await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-support' }, k.token.daniyar)).id;
    await complete(s, k.token['mo-ddt1'], slow, 'mo-plan-help', { moHelpOn: '2027-07-02', moPlanAdvice: 'Семинар' });
    await complete(s, k.token.daniyar, slow, 'draft-plan', { courseName: 'Экологическое воспитание', planEvents: [{ eventType: 'seminar', topic: 'Эко', plannedDate: '2027-11-10' }] });
    await advance(s, k.admin, { to: '2027-09-01T10:00:00+05:00' });
    const second = (await reports()).ddt1[1].id;
    const report = await taskAt(s, k.token['head-ddt1'], second, 'prepare-report');
    expect(report.dueAt).toBe(almaty('2027-10-01T00:00'));
    const listed = (await ok(s, 'GET', `/api/tasks/${report.id}`, undefined, k.token['head-ddt1'])).context.variables.teachers;
    expect(listed.map((t: any) => [t.fullName, t.routeEnded, t.includedInAsset])).toEqual([
      ['Серикова Айгерим Нурлановна', true, true], ['Ахметов Данияр Серикович', false, false],
    ]);
    expect((await tasksOf(s, k.token['head-ddt1'])).filter((t) => t.elementId === 'prepare-report')).toHaveLength(1);
    // his МО raises his difficulties; no course curator was named, so the РУМЦДО's curators hold the individual plan by role
    await ok(s, 'POST', `/api/process-instances/${slow}/messages`, { name: 'teacher-difficulties' }, k.token['mo-ddt1']);
    const individual = await taskAt(s, k.token.curator, slow, 'rumcdo-individual-plan');
    expect([individual.assignee, individual.candidateRoles]).toEqual([null, ['kurator-rumcdo']]);
    await taskAt(s, k.token['curator-stem'], slow, 'rumcdo-individual-plan');
    await complete(s, k.token.curator, slow, 'rumcdo-individual-plan', { difficultyDescription: 'Затруднения с семинаром', individualPlan: [{ action: 'Консультация', due: '2027-09-20' }], individualPlanDue: '2027-09-30' });
    await complete(s, k.token.daniyar, slow, 'individual-plan-done', { individualPlanResult: 'Выполнено' });
    await advance(s, k.admin, { to: '2028-07-02T09:00:00+05:00' });
    const after = await instance(s, k.token.daniyar, slow);
    expect(after.activeElementIds).toEqual(['final-summary']);
    expect(await completedElements(s, k.token.daniyar, slow)).toContain('calendar-year-over');
    await complete(s, k.token['head-ddt1'], slow, 'final-summary', { finalSummary: 'План не реализован' });
  });

  test('post-course monitoring: questionnaire → sample by region, direction, urban/rural → survey → collection → processing → analysis → report → council protocol → improvement', async () => {
    const m = (await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course-monitoring' }, k.token.analyst)).id;
    expect((await s.call('POST', '/api/process-instances', { processKey: 'post-course-monitoring' }, k.token.aigerim)).status).toBe(403);
    await complete(s, k.token.analyst, m, 'develop-questionnaire', { courseProgramme: 'STEM', questionnaireUrl: 'https://forms.gle/abc', methods: ['questionnaire', 'ranking'] });
    await complete(s, k.token.analyst, m, 'define-sample', { sample: [
      { region: 'pavlodar', direction: 'техническое', settlement: 'urban', trainedCount: 40, sampleCount: 8 },
      { region: 'turkestan', direction: 'техническое', settlement: 'rural', trainedCount: 25, sampleCount: 5 },
    ] });
    await complete(s, k.token.analyst, m, 'conduct-survey', { respondents: 13, surveyClosedOn: '2028-07-20' });
    await complete(s, k.token.analyst, m, 'collect-data', { whatsappGroups: 2, collectedNotes: 'Ответы собраны' });
    await complete(s, k.token.analyst, m, 'process-data', { datasetUrl: 'https://rumcdo.kz/data/stem-2028' });
    await complete(s, k.token.analyst, m, 'analyse-data', { analysis: 'Курс повлиял на компетентность' });
    await complete(s, k.token.analyst, m, 'prepare-monitoring-report', { monitoringReportUrl: 'https://rumcdo.kz/reports/stem-2028', monitoringSummary: 'Нужен модуль по проектам' });
    await complete(s, k.token.council, m, 'council-decision', { protocolNumber: '7', protocolDate: '2028-08-25', councilDecision: 'improve' });
    await complete(s, k.token.analyst, m, 'improve-programme', { programmeChanges: 'Добавлен модуль «Проектная деятельность»' });
    expect((await instance(s, k.token.analyst, m)).state).toBe('completed');
  });

  test('indicators over the republic', async () => {
    const r = await ok(s, 'GET', `/api/indicators?orgId=${k.org.rk}&from=2027-01-01&to=2029-01-01`, undefined, k.token.observer);
    for (const i of r.items) expect(i.error).toBeUndefined();
    const v = Object.fromEntries(r.items.map((i: any) => [i.key, [i.numerator, i.denominator]]));
    // three teachers in support (people, not routes): Айгерим, Данияр, Асель
    expect(v['plan-approved']).toEqual([1, 3]);
    expect(v['plan-carried-out']).toEqual([1, 1]);
    expect(v['expert-positive']).toEqual([1, 1]);
    expect(v['methodical-asset']).toEqual([1, 1]);
    expect(v['difficulties-individual-plan']).toEqual([2, 3]);
    // organisations with teachers in support whose consolidated report was accepted: ДДТ of 2 (ДДТ, СЮТ)
    expect(v['reports-accepted']).toEqual([1, 2]);
    expect(v['programmes-to-improve']).toEqual([1, 1]);
    const plan = r.items.find((i: any) => i.key === 'plan-approved');
    expect(plan.breakdown.map((b: any) => [b.orgName, b.numerator, b.denominator])).toEqual([['Павлодарская область', 1, 3]]);
  });
});
