import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { DateTime } from 'luxon';
import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, instance, PROCESSES, taskAt, tasksOf, variantResources, variantTenant } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

const krsk = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Krasnoyarsk' }).toUTC().toISO();

/**
 * Motygino (seed 004) on the simulated clock: the municipal curator's seven steps, then an ИОМ per
 * teacher of the target group (a multi-instance call activity) through the four stages in the
 * regulation's ИОМ format. Each ИОМ is about its teacher (the route's subject) and belongs to her
 * school, so the school's steps go to that school's завуч (методист), ШМО head and mentor by role —
 * no logins typed into a form. The curator sends an ИОМ back for rework; row deadlines go overdue;
 * one ИОМ ends within the year, the other is extended to 1.5 years with its unfinished rows carried
 * over (and their support kept) and closed by the extension timer; the product is presented at the
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
      ['curator', 'Сергеева Нина Павловна', [['motygino', 'kurator-municipal']]],
      ['rmo', 'Руководитель РМО учителей математики', [['motygino', 'rukovoditel-rmo']]],
      ['zavuch1', 'Завуч СОШ № 1', [['sosh1', 'zavuch-metodist']]],
      ['shmo2', 'Руководитель ШМО Раздолинской СОШ', [['razdolinsk', 'rukovoditel-shmo']]],
      ['zavuch2', 'Завуч Раздолинской СОШ', [['razdolinsk', 'zavuch-metodist']]],
      ['mentor2', 'Наставник Раздолинской СОШ', [['razdolinsk', 'nastavnik-oo']]],
      ['lebedeva', 'Лебедева Ольга Николаевна', [['sosh1', 'uchastnik-iom']], { position: 'учитель математики' }],
      ['gromov', 'Громов Артём Павлович', [['razdolinsk', 'uchastnik-iom']], { position: 'учитель физики' }],
      ['observer', 'Управление образования', [['motygino', 'supervisor']]],
    ]);
    // the document templates of the folder too (the ИОМ in the format of the Порядок, the resource map)
    const docs = fs.readdirSync(path.join(PROCESSES, 'motygino', 'documents')).map((f) => ({ name: `documents/${f}`, content: fs.readFileSync(path.join(PROCESSES, 'motygino', 'documents', f), 'utf8') }));
    await ok(s, 'POST', '/api/deployments', { tenant: 'mot-test', name: 'motygino', resources: [...variantResources('motygino'), ...docs] }, k.superToken);
    await advance(s, k.admin, { to: '2027-01-11T09:00:00+07:00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the curator’s steps 1–4: target group, diagnostic variant, resource map, diagnostics; then one ИОМ per participant, about her, at her school', async () => {
    campaign = (await ok(s, 'POST', '/api/process-instances', { processKey: 'iom-campaign' }, k.token.curator)).id;
    expect((await s.call('POST', '/api/process-instances', { processKey: 'iom-campaign' }, k.token.lebedeva)).status).toBe(403);
    // the curator picks the participants by name from the district's «участники ИОМ» (userList), no login is typed
    const pick = await taskAt(s, k.token.curator, campaign, 'choose-target-group');
    const opened = await ok(s, 'GET', `/api/tasks/${pick.id}`, undefined, k.token.curator);
    expect(opened.context.variables.participants.map((p: any) => [p.value, p.label])).toEqual([
      ['gromov', 'Громов Артём Павлович — МБОУ «Раздолинская СОШ № 1»'], ['lebedeva', 'Лебедева Ольга Николаевна — МБОУ «Мотыгинская СОШ № 1»'],
    ]);
    const group = { municipalityName: 'Мотыгинский район', targetGroupRationale: 'Учителя', targetGroup: [{ login: 'zavuch2', position: 'завуч', category: 'manager' }] };
    const notParticipant = await s.call<any>('POST', `/api/tasks/${pick.id}/complete`, { variables: group }, k.token.curator);
    expect(notParticipant.status).toBe(400);
    expect(JSON.stringify(notParticipant.body.fields)).toMatch(/targetGroup/);
    await complete(s, k.token.curator, campaign, 'choose-target-group', {
      municipalityName: 'Мотыгинский район', targetGroupRationale: 'Учителя с низкими результатами диагностики',
      targetGroup: [
        { login: 'lebedeva', position: 'учитель математики', category: 'teacher' },
        { login: 'gromov', position: 'учитель физики', category: 'teacher' },
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
    // each route is about its teacher and belongs to her school
    expect((await instance(s, k.token.observer, iom1)).subject).toMatchObject({ id: k.user.lebedeva, fullName: 'Лебедева Ольга Николаевна', orgId: k.org.sosh1 });
    expect((await instance(s, k.token.observer, iom2)).subject).toMatchObject({ id: k.user.gromov, orgId: k.org.razdolinsk });
    expect((await taskAt(s, k.token.lebedeva, iom1, 'identify-deficits')).assignee).toBe(k.user.lebedeva);
    expect(await tasksOf(s, k.token.gromov, iom1)).toHaveLength(0);
    // the teacher sees her own route
    const mine = await ok(s, 'GET', '/api/process-instances?subject=me', undefined, k.token.lebedeva);
    expect(mine.items.map((i: any) => i.id)).toEqual([iom1]);
  });

  test('stages 1–2: deficits, then the ИОМ in the regulation’s format (header from the teacher’s card, every column of every row required); the curator sends it back for rework, then presents it in «Эра-Скоп»', async () => {
    await complete(s, k.token.lebedeva, iom1, 'identify-deficits', { needs: 'Работа с текстовыми задачами', deficits: 'Методические', upcomingTasks: 'Освоить приёмы' });
    const compose = await taskAt(s, k.token.lebedeva, iom1, 'compose-iom');
    const detail = await ok(s, 'GET', `/api/tasks/${compose.id}`, undefined, k.token.lebedeva);
    expect(detail.context.variables).toMatchObject({ fio: 'Лебедева Ольга Николаевна', municipality: 'Мотыгинский район', organization: 'МБОУ «Мотыгинская СОШ № 1»', position: 'учитель математики' });
    const bad = await s.call('POST', `/api/tasks/${compose.id}/complete`, { variables: { position: 'учитель математики', iomRows: [{ deficitsTasks: 'Дефицит', educationalTask: 'Задача' }] } }, k.token.lebedeva);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['iomRows.0.dueDate', 'iomRows.0.period', 'iomRows.0.resultForm', 'iomRows.0.workForms']);
    await ok(s, 'POST', `/api/tasks/${compose.id}/complete`, { variables: { position: 'учитель математики', iomRows: [
      { deficitsTasks: 'Текстовые задачи', educationalTask: 'Освоить моделирование', workForms: 'Профсреда', period: 'март 2027', dueDate: '2027-03-31', resultForm: 'Открытый урок' },
    ] } }, k.token.lebedeva);
    // rework: the curator finds the route thin and sends it back with a comment
    await complete(s, k.token.curator, iom1, 'present-iom', { iomChecked: false, reworkComment: 'Добавьте мероприятие по функциональной грамотности' });
    const again = await taskAt(s, k.token.lebedeva, iom1, 'compose-iom');
    const againDetail = await ok(s, 'GET', `/api/tasks/${again.id}`, undefined, k.token.lebedeva);
    expect(againDetail.context.variables).toMatchObject({ reworkComment: 'Добавьте мероприятие по функциональной грамотности', fio: 'Лебедева Ольга Николаевна' });
    expect(againDetail.context.variables.iomRows).toHaveLength(1);
    await ok(s, 'POST', `/api/tasks/${again.id}/complete`, { variables: { position: 'учитель математики', iomRows: [
      { deficitsTasks: 'Текстовые задачи', educationalTask: 'Освоить моделирование', workForms: 'Профсреда, практикум', period: 'март 2027', dueDate: '2027-03-31', resultForm: 'Открытый урок' },
      { deficitsTasks: 'Функциональная грамотность', educationalTask: 'Пройти ДПП КК ИПК', workForms: 'Курсы ПК', period: 'апрель–май 2027', dueDate: '2027-05-31', resultForm: 'Удостоверение' },
    ] } }, k.token.lebedeva);
    await complete(s, k.token.curator, iom1, 'present-iom', { eraScopeUrl: 'https://era-scope.ru/iom/lebedeva', iomChecked: true });
    expect((await instance(s, k.token.observer, iom1)).variables.reworkCount).toBe(1);
    const rows = (await tasksOf(s, k.token.lebedeva, iom1)).filter((t) => t.elementId === 'row-report');
    expect(rows.map((r) => r.dueAt).sort()).toEqual([krsk('2027-03-31T18:00'), krsk('2027-05-31T18:00')]);
  });

  test('stage 3: a row past its dates and not reported is overdue; her school’s roles (not another school’s) and the curator support it', async () => {
    await advance(s, k.admin, { to: '2027-04-02T09:00:00+07:00' });
    const overdue = (await ok(s, 'GET', `/api/tasks?overdue=true&processInstanceId=${iom1}`, undefined, k.token.lebedeva)).items;
    expect(overdue.map((t: any) => t.dueAt)).toEqual([krsk('2027-03-31T18:00')]);
    for (const r of (await tasksOf(s, k.token.lebedeva, iom1)).filter((t) => t.elementId === 'row-report')) {
      await ok(s, 'POST', `/api/tasks/${r.id}/complete`, { variables: { rowDone: true, resourcesUsed: 'Профсреда', evidenceUrl: 'https://sosh1.ru/lesson' } }, k.token.lebedeva);
    }
    for (const other of [k.token.zavuch2, k.token.shmo2, k.token.mentor2]) expect(await tasksOf(s, other, iom1)).toHaveLength(0);
    const support = (await tasksOf(s, k.token.zavuch1, iom1)).filter((t) => t.elementId === 'row-support');
    expect(support).toHaveLength(2);
    const offered = await ok(s, 'GET', `/api/tasks/${support[0].id}`, undefined, k.token.zavuch1);
    expect(offered.subject).toMatchObject({ fullName: 'Лебедева Ольга Николаевна', orgId: k.org.sosh1 });
    expect((await tasksOf(s, k.token.curator, iom1)).filter((t) => t.elementId === 'row-support')).toHaveLength(2);
    for (const t of support) await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables: { supportNotes: 'Посещён урок' } }, k.token.zavuch1);
  });

  test('stage 4 and step 7: reflection, the product presented at the municipal level is accepted by the РМО; the ИОМ document names the teacher', async () => {
    await complete(s, k.token.lebedeva, iom1, 'reflection', { reflectionText: 'Дефициты преодолены' });
    await complete(s, k.token.lebedeva, iom1, 'present-product', { productType: 'methodical-development', productTitle: 'Сборник задач', productLevel: 'municipal', productDate: '2027-06-10' });
    const accept = await taskAt(s, k.token.rmo, iom1, 'accept-product');
    expect(accept.dueAt).toBe(krsk('2027-06-10T18:00'));
    await complete(s, k.token.rmo, iom1, 'accept-product', { productAccepted: true, productFeedback: 'Рекомендовано РМО' });
    expect(await instance(s, k.token.observer, iom1)).toMatchObject({ state: 'completed', variables: { iomStatus: 'completed', position: 'учитель математики' } });
  });

  test('the other ИОМ does not finish in a year: the extension to 1.5 years carries its unfinished row over (an extension needs its rows) and keeps the school’s support', async () => {
    await complete(s, k.token.gromov, iom2, 'identify-deficits', { needs: 'ИКТ', deficits: 'Цифровые', upcomingTasks: 'Освоить цифровую лабораторию' });
    await complete(s, k.token.gromov, iom2, 'compose-iom', { position: 'учитель физики', iomRows: [
      { deficitsTasks: 'Цифровая лаборатория', educationalTask: 'Освоить датчики', workForms: 'Стажировка', period: 'май 2027', dueDate: '2027-05-20', resultForm: 'Лабораторная работа' },
      { deficitsTasks: 'Проектная деятельность', educationalTask: 'Провести проект с учениками', workForms: 'Наставничество', period: '2027–2028 уч. год', dueDate: '2028-03-30', resultForm: 'Проект' },
    ] });
    await complete(s, k.token.curator, iom2, 'present-iom', { iomChecked: true });
    // the first row is reported and supported by his school's ШМО head; the second is not done in the year
    await complete(s, k.token.gromov, iom2, 'row-report', { rowDone: true, resourcesUsed: 'Стажировка в КК ИПК' });
    expect(await tasksOf(s, k.token.zavuch1, iom2)).toHaveLength(0);
    await complete(s, k.token.shmo2, iom2, 'row-support', { supportNotes: 'Посещено занятие' });
    // one year from the start of stage 3 (2 April 2027, 09:00 Krasnoyarsk)
    await advance(s, k.admin, { to: '2028-04-02T09:00:00+07:00' });
    expect((await instance(s, k.token.observer, iom2)).activeElementIds).toEqual(['decide-extension']);
    const dec = await taskAt(s, k.token.curator, iom2, 'decide-extension');
    // the unfinished row is carried over into the extension form
    const decDetail = await ok(s, 'GET', `/api/tasks/${dec.id}`, undefined, k.token.curator);
    expect(decDetail.context.variables.extensionRows.map((r: any) => r.educationalTask)).toEqual(['Провести проект с учениками']);
    const tooLong = await s.call('POST', `/api/tasks/${dec.id}/complete`, { variables: { extend: true, extensionMonths: 9, extensionRows: decDetail.context.variables.extensionRows } }, k.token.curator);
    expect(tooLong.status).toBe(400);
    // an extension with no rows to extend is not an extension: the decision comes back, the unfinished row prefilled again
    await ok(s, 'POST', `/api/tasks/${dec.id}/complete`, { variables: { extend: true, extensionMonths: 6, extensionRows: [] } }, k.token.curator);
    const dec2 = await taskAt(s, k.token.curator, iom2, 'decide-extension');
    expect(dec2.id).not.toBe(dec.id);
    expect((await ok(s, 'GET', `/api/tasks/${dec2.id}`, undefined, k.token.curator)).context.variables.extensionRows).toEqual(decDetail.context.variables.extensionRows);
    await ok(s, 'POST', `/api/tasks/${dec2.id}/complete`, { variables: { extend: true, extensionMonths: 6, extensionRows: [
      { ...decDetail.context.variables.extensionRows[0], period: 'сентябрь 2028', dueDate: '2028-09-30' },
    ] } }, k.token.curator);
    const ext = await taskAt(s, k.token.gromov, iom2, 'ext-row-report');
    expect(ext.dueAt).toBe(krsk('2028-09-30T18:00'));
    await ok(s, 'POST', `/api/tasks/${ext.id}/complete`, { variables: { rowDone: true, resourcesUsed: 'Наставничество' } }, k.token.gromov);
    // the carried row keeps its support: his school's roles (the mentor here), not the other school's
    expect(await tasksOf(s, k.token.zavuch1, iom2)).toHaveLength(0);
    await complete(s, k.token.mentor2, iom2, 'ext-row-support', { supportNotes: 'Проект сопровождён' });
    await complete(s, k.token.gromov, iom2, 'reflection', { reflectionText: 'Частично' });
    await complete(s, k.token.gromov, iom2, 'present-product', { productType: 'generalisation', productTitle: 'Обобщение', productLevel: 'school', productDate: '2028-10-20' });
    // school level: offered to his school's roles, not to the РМО nor to the other school
    expect(await tasksOf(s, k.token.rmo, iom2)).toHaveLength(0);
    expect(await tasksOf(s, k.token.zavuch1, iom2)).toHaveLength(0);
    await complete(s, k.token.shmo2, iom2, 'accept-product', { productAccepted: false });
    const done = await instance(s, k.token.observer, iom2);
    expect(done.variables).toMatchObject({ iomStatus: 'not-presented', extend: true, extensionMonths: 6 });
    expect(done.variables.extensionResults).toEqual([{ task: 'Провести проект с учениками', done: true }]);
  });

  test('the ИОМ document prints the teacher’s name, school, position and the carried-over row; the resource map prints labels, not codes', async () => {
    const text = async (id: string, key: string) => {
      const r = await fetch(`${s.url}/api/process-instances/${id}/documents/${key}?format=docx`, { method: 'POST', headers: { authorization: `Bearer ${k.token.curator}` } });
      expect(r.status).toBe(201);
      const zip = await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()));
      return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');
    };
    const iomText = await text(iom2, 'iom');
    for (const part of ['Громов Артём Павлович', 'МБОУ «Раздолинская СОШ № 1»', 'учитель физики', 'Мотыгинский район', 'продлён на 6 мес.', 'сентябрь 2028 (продление)']) expect(iomText).toContain(part);
    const mapText = await text(campaign, 'resource-map');
    for (const part of ['Сергеева', 'ЦНППМПР («Профсреда»)', 'Мероприятие «ПрофСреда»', 'КК ИПК', 'Программа повышения квалификации', 'Диагностика на платформе ЦНППМПР']) expect(mapText).toContain(part);
    expect(mapText).not.toMatch(/\bprofsreda\b|\bkk-ipk\b/);
    // the participants by name and school, as the curator picked them (not their logins)
    expect(mapText).toContain('Лебедева Ольга Николаевна — МБОУ «Мотыгинская СОШ № 1»');
    expect(mapText).not.toMatch(/\blebedeva\b|\bgromov\b/);
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
