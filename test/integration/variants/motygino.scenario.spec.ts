import { DateTime } from 'luxon';
import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, completedElements, instance, taskAt, tasksOf, variantTenant } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

const krsk = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Krasnoyarsk' }).toUTC().toISO();

/**
 * Motygino (seed 004) on the simulated clock: the municipal curator's seven steps, then an ИОМ per
 * teacher of the target group (a multi-instance call activity) through the four stages in the
 * regulation's ИОМ format; row deadlines go overdue; one ИОМ ends within the year, the other is
 * extended to 1.5 years and closed by the extension timer; the product is presented at the
 * municipal (РМО) or school level.
 */
describe('Motygino: individual educational routes of a target group (seed 004)', () => {
  let s: TestServer;
  let k: VariantTenant;
  let campaign: string;
  let iom1: string;
  let iom2: string;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    k = await variantTenant(s, 'motygino', 'mot-test', 'Asia/Krasnoyarsk', [
      ['krai', 'Красноярский край', 'region'],
      ['motygino', 'Мотыгинский район', 'municipality', 'krai'],
      ['sosh1', 'МБОУ «Мотыгинская СОШ № 1»', 'school', 'motygino'],
      ['razdolinsk', 'МБОУ «Раздолинская СОШ № 1»', 'school', 'motygino'],
    ], [
      ['curator', 'Муниципальный куратор', [['motygino', 'kurator-municipal']]],
      ['rmo', 'Руководитель РМО учителей математики', [['motygino', 'rukovoditel-rmo']]],
      ['zavuch1', 'Завуч СОШ № 1', [['sosh1', 'zavuch-metodist']]],
      ['shmo2', 'Руководитель ШМО Раздолинской СОШ', [['razdolinsk', 'rukovoditel-shmo']]],
      ['zavuch2', 'Завуч Раздолинской СОШ', [['razdolinsk', 'zavuch-metodist']]],
      ['lebedeva', 'Лебедева Ольга Николаевна', [['sosh1', 'uchastnik-iom']]],
      ['gromov', 'Громов Артём Павлович', [['razdolinsk', 'uchastnik-iom']]],
      ['observer', 'Управление образования', [['motygino', 'supervisor']]],
    ]);
    await advance(s, k.admin, { to: '2027-01-11T09:00:00+07:00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the curator’s steps 1–4: target group, diagnostic variant, resource map, diagnostics; then one ИОМ per participant', async () => {
    campaign = (await ok(s, 'POST', '/api/process-instances', { processKey: 'iom-campaign' }, k.token.curator)).id;
    expect((await s.call('POST', '/api/process-instances', { processKey: 'iom-campaign' }, k.token.lebedeva)).status).toBe(403);
    await complete(s, k.token.curator, campaign, 'choose-target-group', {
      municipalityName: 'Мотыгинский район', targetGroupRationale: 'Учителя с низкими результатами диагностики',
      targetGroup: [
        { fullName: 'Лебедева Ольга Николаевна', login: 'lebedeva', organization: 'МБОУ «Мотыгинская СОШ № 1»', position: 'учитель математики', category: 'teacher', supportLogin: 'zavuch1' },
        { fullName: 'Громов Артём Павлович', login: 'gromov', organization: 'МБОУ «Раздолинская СОШ № 1»', position: 'учитель физики', category: 'teacher', supportLogin: 'shmo2' },
      ],
    });
    const badVariant = await s.call('POST', `/api/tasks/${(await taskAt(s, k.token.curator, campaign, 'choose-diagnostic-variant')).id}/complete`, { variables: { diagnosticVariant: 'horoscope' } }, k.token.curator);
    expect(badVariant.status).toBe(400);
    await complete(s, k.token.curator, campaign, 'choose-diagnostic-variant', { diagnosticVariant: 'cnppmpr' });
    await complete(s, k.token.curator, campaign, 'resource-map', { resourceMap: [
      { title: 'Профсреда: практикум по математике', provider: 'cnppmpr', format: 'profsreda', annotation: 'Решение задач с практическим содержанием', dates: 'март 2027' },
      { title: 'ДПП «Функциональная грамотность»', provider: 'kk-ipk', format: 'course', annotation: '72 часа, дистанционно', url: 'https://kipk.ru/fg' },
    ] });
    await complete(s, k.token.curator, campaign, 'run-diagnostics', { diagnosticsDoneOn: '2027-01-20', diagnosticsSummary: 'Методические дефициты' });
    const children = (await ok(s, 'GET', '/api/process-instances?processKey=iom', undefined, k.token.observer)).items;
    expect(children).toHaveLength(2);
    iom1 = children.find((c: any) => c.variables.participant.login === 'lebedeva').id;
    iom2 = children.find((c: any) => c.variables.participant.login === 'gromov').id;
    expect((await taskAt(s, k.token.lebedeva, iom1, 'identify-deficits')).assignee).toBe(k.user.lebedeva);
    expect(await tasksOf(s, k.token.gromov, iom1)).toHaveLength(0);
  });

  test('stages 1–2: deficits, then the ИОМ in the regulation’s format (header prefilled, every column of every row required); the curator presents it in «Эра-Скоп»', async () => {
    await complete(s, k.token.lebedeva, iom1, 'identify-deficits', { needs: 'Работа с текстовыми задачами', deficits: 'Методические', upcomingTasks: 'Освоить приёмы' });
    const compose = await taskAt(s, k.token.lebedeva, iom1, 'compose-iom');
    const detail = await ok(s, 'GET', `/api/tasks/${compose.id}`, undefined, k.token.lebedeva);
    expect(detail.context.variables).toMatchObject({ fio: 'Лебедева Ольга Николаевна', municipality: 'Мотыгинский район', organization: 'МБОУ «Мотыгинская СОШ № 1»', position: 'учитель математики' });
    const header = { fio: 'Лебедева Ольга Николаевна', municipality: 'Мотыгинский район', organization: 'МБОУ «Мотыгинская СОШ № 1»', position: 'учитель математики' };
    const bad = await s.call('POST', `/api/tasks/${compose.id}/complete`, { variables: { ...header, iomRows: [{ deficitsTasks: 'Дефицит', educationalTask: 'Задача' }] } }, k.token.lebedeva);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['iomRows.0.dueDate', 'iomRows.0.period', 'iomRows.0.resultForm', 'iomRows.0.workForms']);
    await ok(s, 'POST', `/api/tasks/${compose.id}/complete`, { variables: { ...header, iomRows: [
      { deficitsTasks: 'Текстовые задачи', educationalTask: 'Освоить моделирование', workForms: 'Профсреда, практикум', period: 'март 2027', dueDate: '2027-03-31', resultForm: 'Открытый урок' },
      { deficitsTasks: 'Функциональная грамотность', educationalTask: 'Пройти ДПП КК ИПК', workForms: 'Курсы ПК', period: 'апрель–май 2027', dueDate: '2027-05-31', resultForm: 'Удостоверение' },
    ] } }, k.token.lebedeva);
    await complete(s, k.token.curator, iom1, 'present-iom', { eraScopeUrl: 'https://era-scope.ru/iom/lebedeva', iomChecked: true });
    const rows = (await tasksOf(s, k.token.lebedeva, iom1)).filter((t) => t.elementId === 'row-report');
    expect(rows.map((r) => r.dueAt).sort()).toEqual([krsk('2027-03-31T18:00'), krsk('2027-05-31T18:00')]);
  });

  test('stage 3: a row past its dates and not reported is overdue; the school’s support person (not another school’s) and the curator support it', async () => {
    await advance(s, k.admin, { to: '2027-04-02T09:00:00+07:00' });
    const overdue = (await ok(s, 'GET', `/api/tasks?overdue=true&processInstanceId=${iom1}`, undefined, k.token.lebedeva)).items;
    expect(overdue.map((t: any) => t.dueAt)).toEqual([krsk('2027-03-31T18:00')]);
    for (const r of (await tasksOf(s, k.token.lebedeva, iom1)).filter((t) => t.elementId === 'row-report')) {
      await ok(s, 'POST', `/api/tasks/${r.id}/complete`, { variables: { rowDone: true, resourcesUsed: 'Профсреда', evidenceUrl: 'https://sosh1.ru/lesson' } }, k.token.lebedeva);
    }
    expect((await tasksOf(s, k.token.zavuch2, iom1))).toHaveLength(0);
    const support = (await tasksOf(s, k.token.zavuch1, iom1)).filter((t) => t.elementId === 'row-support');
    expect(support).toHaveLength(2);
    expect((await tasksOf(s, k.token.curator, iom1)).filter((t) => t.elementId === 'row-support')).toHaveLength(2);
    for (const t of support) await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { supportNotes: 'Посещён урок' } }, k.token.zavuch1);
  });

  test('stage 4 and step 7: reflection, the product presented at the municipal level is accepted by the РМО', async () => {
    await complete(s, k.token.lebedeva, iom1, 'reflection', { reflectionText: 'Дефициты преодолены' });
    await complete(s, k.token.lebedeva, iom1, 'present-product', { productType: 'methodical-development', productTitle: 'Сборник задач', productLevel: 'municipal', productDate: '2027-06-10' });
    const accept = await taskAt(s, k.token.rmo, iom1, 'accept-product');
    expect(accept.dueAt).toBe(krsk('2027-06-10T18:00'));
    await complete(s, k.token.rmo, iom1, 'accept-product', { productAccepted: true, productFeedback: 'Рекомендовано РМО' });
    expect(await instance(s, k.token.observer, iom1)).toMatchObject({ state: 'completed', variables: { iomStatus: 'completed', fio: 'Лебедева Ольга Николаевна' } });
  });

  test('the other ИОМ does not finish in a year: the curator extends it by six months (1.5 years in all); the extension timer closes it', async () => {
    await complete(s, k.token.gromov, iom2, 'identify-deficits', { needs: 'ИКТ', deficits: 'Цифровые', upcomingTasks: 'Освоить цифровую лабораторию' });
    await complete(s, k.token.gromov, iom2, 'compose-iom', { fio: 'Громов Артём Павлович', municipality: 'Мотыгинский район', organization: 'МБОУ «Раздолинская СОШ № 1»', position: 'учитель физики', iomRows: [
      { deficitsTasks: 'Цифровая лаборатория', educationalTask: 'Освоить датчики', workForms: 'Стажировка', period: '2027–2028 уч. год', dueDate: '2028-06-30', resultForm: 'Лабораторная работа' },
    ] });
    await complete(s, k.token.curator, iom2, 'present-iom', { iomChecked: true });
    // one year from the start of stage 3 (2 April 2027, 09:00 Krasnoyarsk)
    await advance(s, k.admin, { to: '2028-04-02T09:00:00+07:00' });
    expect((await instance(s, k.token.observer, iom2)).activeElementIds).toEqual(['decide-extension']);
    const dec = await taskAt(s, k.token.curator, iom2, 'decide-extension');
    const tooLong = await s.call('POST', `/api/tasks/${dec.id}/complete`, { variables: { extend: true, extensionMonths: 9 } }, k.token.curator);
    expect(tooLong.status).toBe(400);
    await ok(s, 'POST', `/api/tasks/${dec.id}/complete`, { variables: { extend: true, extensionMonths: 6, extensionRows: [
      { educationalTask: 'Завершить лабораторный практикум', workForms: 'Наставничество', dueDate: '2028-09-30', resultForm: 'Лабораторная работа' },
    ] } }, k.token.curator);
    expect((await taskAt(s, k.token.gromov, iom2, 'ext-row-report')).dueAt).toBe(krsk('2028-09-30T18:00'));
    await advance(s, k.admin, { to: '2028-10-02T09:00:00+07:00' });
    expect(await completedElements(s, k.token.observer, iom2)).toContain('extension-expired');
    await complete(s, k.token.gromov, iom2, 'reflection', { reflectionText: 'Частично' });
    await complete(s, k.token.gromov, iom2, 'present-product', { productType: 'generalisation', productTitle: 'Обобщение', productLevel: 'school', productDate: '2028-10-20' });
    // school level: offered to the participant's support person in the school (and the curator), not to the РМО
    expect(await tasksOf(s, k.token.rmo, iom2)).toHaveLength(0);
    await complete(s, k.token.shmo2, iom2, 'accept-product', { productAccepted: false });
    expect((await instance(s, k.token.observer, iom2)).variables.iomStatus).toBe('not-presented');
  });

  test('the curator sums up; the indicators count the routes', async () => {
    const c = await instance(s, k.token.curator, campaign);
    expect(c.variables.iomResults).toEqual([
      { login: 'lebedeva', fullName: 'Лебедева Ольга Николаевна', status: 'completed' },
      { login: 'gromov', fullName: 'Громов Артём Павлович', status: 'not-presented' },
    ]);
    await complete(s, k.token.curator, campaign, 'campaign-summary', { campaignSummary: 'Один ИОМ реализован, один продлён' });
    const r = await ok(s, 'GET', `/api/indicators?orgId=${k.org.motygino}&from=2027-01-01&to=2029-01-01`, undefined, k.token.observer);
    const v = Object.fromEntries(r.items.map((i: any) => [i.key, [i.numerator, i.denominator]]));
    expect(v['iom-composed']).toEqual([2, 2]);
    expect(v['iom-in-term']).toEqual([1, 2]);
    expect(v['iom-extended']).toEqual([1, 2]);
    expect(v['product-presented']).toEqual([1, 2]);
    expect(v['target-group-coverage']).toEqual([2, 2]);
  });
});
