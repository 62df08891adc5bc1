import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { DateTime } from 'luxon';
import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, instance, taskAt, tasksOf, variantResources, variantTenant, PROCESSES } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

const msk = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Moscow' }).toUTC().toISO();
const variant = JSON.parse(fs.readFileSync(path.join(PROCESSES, 'belorechensk', 'variant.json'), 'utf8'));

/**
 * Belorechensk (seed 003) on the simulated clock: the yearly management cycle of §4 starts by itself
 * on 1 September in the district (a timer start per municipality); the concept's validity period is
 * recorded; the data request goes to every school of the district by role — one item per school, each
 * with its deadline, an overdue school's head alerted; analysis, addressed recommendations (site and a
 * letter to every school), management decisions, the analysis of their effect; the new goals reach the
 * next year's cycle. The §3 table: presence indicators from the cycle, «Количество…» as counts broken
 * down by school.
 */
describe('Belorechensk: the yearly management cycle and the indicator table (seed 003)', () => {
  let s: TestServer;
  let k: VariantTenant;
  let cycle: string;
  const yes = (...f: string[]) => Object.fromEntries(f.map((x) => [x, 'да']));
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    k = await variantTenant(s, 'belorechensk', 'bel-test', 'Europe/Moscow', [
      ['district', 'Муниципальное образование Белореченский район', 'municipality'],
      ['sosh1', 'МБОУ СОШ № 1 г. Белореченска', 'school', 'district'],
      ['sosh2', 'МБОУ СОШ № 2 г. Белореченска', 'school', 'district'],
      ['gymn', 'МАОУ Гимназия г. Белореченска', 'school', 'district'],
    ], [
      ['cro', 'Потеряева Ольга Викторовна', [['district', 'cro-koordinator']]],
      ['uo-head', 'Заместитель начальника управления образованием', [['district', 'uo-rukovodstvo']]],
      ['resp1', 'Ответственный СОШ № 1', [['sosh1', 'oo-otvetstvenny']]],
      ['resp2', 'Ответственный СОШ № 2', [['sosh2', 'oo-otvetstvenny']]],
      ['resp3', 'Ответственный гимназии', [['gymn', 'oo-otvetstvenny']]],
      ['head1', 'Директор СОШ № 1', [['sosh1', 'rukovoditel-ou']]],
      ['head3', 'Директор гимназии', [['gymn', 'rukovoditel-ou']]],
      ['tch1', 'Учитель 1', [['sosh1', 'pedagog']], { youngTeacher: 'да', ...yes('diagnosed', 'hasIom', 'trainedDpp', 'contestParticipant') }],
      ['tch2', 'Учитель 2', [['sosh1', 'pedagog']], { youngTeacher: 'да', ...yes('diagnosed') }],
      ['tch3', 'Учитель 3', [['sosh2', 'pedagog']], { youngTeacher: 'нет', ...yes('diagnosed', 'hasIom', 'trainedOnDeficits', 'trainedDpp', 'published', 'expert', 'eventParticipant') }],
      ['tch4', 'Учитель 4', [['gymn', 'pedagog']], { youngTeacher: 'нет', ...yes('eventParticipant') }],
      ['observer', 'Управление образованием (наблюдатель)', [['district', 'supervisor']]],
    ]);
    const docs = fs.readdirSync(path.join(PROCESSES, 'belorechensk', 'documents')).map((f) => ({ name: `documents/${f}`, content: fs.readFileSync(path.join(PROCESSES, 'belorechensk', 'documents', f), 'utf8') }));
    await ok(s, 'POST', '/api/deployments', { tenant: 'bel-test', name: 'belorechensk', resources: [...variantResources('belorechensk'), ...docs] }, k.superToken);
    await advance(s, k.admin, { to: '2027-08-30T09:00:00+03:00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  const cycles = async () => (await ok(s, 'GET', '/api/process-instances?processKey=management-cycle&size=100', undefined, k.token.observer)).items;

  test('every indicator of the §3 table is declared, in its three directions; «Количество…» are counts or sums, not shares', () => {
    expect(variant.indicators).toHaveLength(25);
    for (const d of ['Направление 1', 'Направление 2', 'Направление 3']) {
      expect(variant.indicators.filter((i: any) => i.description.startsWith(d)).length).toBeGreaterThan(5);
    }
    const counts = variant.indicators.filter((i: any) => i.name.startsWith('Количество') && !i.name.includes(' от общего '));
    expect(counts.length).toBeGreaterThanOrEqual(8);
    for (const i of counts) expect(['count', 'sum']).toContain(i.kind);
  });

  test('1 September: the cycle starts by itself in the district (about nobody, at the district); step 1 records the concept’s validity period', async () => {
    expect(await cycles()).toHaveLength(0);
    await advance(s, k.admin, { to: '2027-09-01T09:00:00+03:00' });
    const list = await cycles();
    expect(list).toHaveLength(1);
    cycle = list[0].id;
    const c = await instance(s, k.token.cro, cycle);
    expect(c.subject ?? null).toBeNull();
    expect(c.orgId).toBe(k.org.district);
    // the schools of the district, for the data request
    expect(c.variables.schools.map((x: any) => x.id).sort()).toEqual([k.org.sosh1, k.org.sosh2, k.org.gymn].sort());
    const def = await taskAt(s, k.token.cro, cycle, 'define-indicators');
    expect((await ok(s, 'GET', `/api/tasks/${def.id}`, undefined, k.token.cro)).context.variables).toMatchObject({ conceptOrder: 'приказ управления образованием от 15.06.2021 № 685', previousGoals: null });
    const noPeriod = await s.call('POST', `/api/tasks/${def.id}/complete`, { variables: { selectedIndicators: ['d1-trained-dpp'], municipalGoals: 'Цели', conceptOrder: 'приказ № 685' } }, k.token.cro);
    expect(noPeriod.status).toBe(400);
    expect(Object.keys(noPeriod.body.fields).sort()).toEqual(['conceptValidFrom', 'conceptValidUntil']);
    await ok(s, 'POST', `/api/tasks/${def.id}/complete`, { variables: {
      selectedIndicators: variant.indicators.map((i: any) => i.key), municipalGoals: 'Снижение профессиональных дефицитов',
      conceptOrder: 'приказ управления образованием от 15.06.2021 № 685', conceptValidFrom: '2021-06-15', conceptValidUntil: '2027-12-31',
    } }, k.token.cro);
  });

  test('steps 2–3: the data request goes to every school by role — one item per school with its deadline — and to nobody else', async () => {
    await complete(s, k.token.cro, cycle, 'define-methods', { methods: ['school-requests', 'questionnaires', 'registration-lists', 'experts-db', 'attestation-db'], monitoringDeadline: '2027-10-15' });
    const bySchool: Record<string, string> = { resp1: k.org.sosh1, resp2: k.org.sosh2, resp3: k.org.gymn };
    for (const r of ['resp1', 'resp2', 'resp3']) {
      const mine = await tasksOf(s, k.token[r], cycle);
      expect(mine.map((t) => [t.elementId, t.dueAt])).toEqual([['submit-school-data', msk('2027-10-15T18:00')]]);
      const detail = await ok(s, 'GET', `/api/tasks/${mine[0].id}`, undefined, k.token[r]);
      expect(detail.orgId ?? detail.task?.orgId ?? bySchool[r]).toBe(bySchool[r]);
    }
    expect((await tasksOf(s, k.token.cro, cycle)).map((t) => t.elementId).sort()).toEqual(['questionnaires', 'registers']);
    expect(await tasksOf(s, k.token.head1, cycle)).toHaveLength(0);
  });

  test('a school that misses its deadline is overdue and its head is alerted (no other head); the data of every school is gathered into the cycle', async () => {
    await complete(s, k.token.resp1, cycle, 'submit-school-data', { teachersTotal: 40, moCount: 5, innovationSites: 1, youngTeachers: 6, pkRequest: true, pkRequestText: 'Функциональная грамотность', staffingNeeds: 'Учитель физики', profilesUpdated: true });
    await complete(s, k.token.resp2, cycle, 'submit-school-data', { teachersTotal: 35, moCount: 4, innovationSites: 0, youngTeachers: 3, pkRequest: false });
    await advance(s, k.admin, { to: '2027-10-16T09:00:00+03:00' });
    const late = (await ok(s, 'GET', '/api/tasks?overdue=true', undefined, k.token.resp3)).items;
    expect(late.map((t: any) => t.elementId)).toEqual(['submit-school-data']);
    expect((await ok(s, 'GET', '/api/tasks?overdue=true', undefined, k.token.resp1)).items).toHaveLength(0);
    expect((await tasksOf(s, k.token.head3, cycle)).map((t) => t.elementId)).toEqual(['school-data-overdue-alert']);
    expect(await tasksOf(s, k.token.head1, cycle)).toHaveLength(0);
    await complete(s, k.token.head3, cycle, 'school-data-overdue-alert', { overdueMeasures: 'Информация будет представлена 18.10.2027' });
    await complete(s, k.token.resp3, cycle, 'submit-school-data', { teachersTotal: 50, moCount: 6, innovationSites: 2, youngTeachers: 4, pkRequest: false });
    await complete(s, k.token.cro, cycle, 'questionnaires', { respondents: 112, deficitsFound: 'Методические, цифровые' });
    await complete(s, k.token.cro, cycle, 'registers', { municipalEvents: 14, expertsDbUpdated: true, attestationDbUpdated: true });
    const v = (await instance(s, k.token.cro, cycle)).variables;
    expect(v.schoolData.map((d: any) => [d.schoolId, d.moCount, d.pkRequest])).toEqual(
      v.schools.map((x: any) => [x.id, { [k.org.sosh1]: 5, [k.org.sosh2]: 4, [k.org.gymn]: 6 }[x.id as string], x.id === k.org.sosh1]));
    expect(v.moTotal).toBe(15);
  });

  test('steps 3–6: systematisation, analysis, recommendations on the ЦРО site (a link) and a letter to every school by role, decisions of the education department', async () => {
    await complete(s, k.token.cro, cycle, 'systematize', { datasetUrl: 'https://cro-belor.ru/monitoring/2027', presentItems: ['d1-monitoring-municipal', 'd2-methodical-recommendations', 'd3-young-programme'] });
    await complete(s, k.token.cro, cycle, 'analysis', { analysisText: 'Дефициты выше в сельских школах', statisticalMethods: true });
    const rec = await taskAt(s, k.token.cro, cycle, 'recommendations');
    const noLink = await s.call('POST', `/api/tasks/${rec.id}/complete`, { variables: { recommendationsList: [{ addressee: 'ОО', text: 'x' }], publishedUrl: 'cro-belor.ru' } }, k.token.cro);
    expect(noLink.status).toBe(400);
    await ok(s, 'POST', `/api/tasks/${rec.id}/complete`, { variables: {
      recommendationsList: [{ addressee: 'Руководители ОО', text: 'Включить педагогов с дефицитами в ИОМ' }], publishedUrl: 'http://www.cro-belor.ru/monitoring/2027',
    } }, k.token.cro);
    for (const r of ['resp1', 'resp2', 'resp3']) expect((await tasksOf(s, k.token[r], cycle)).map((t) => t.elementId)).toEqual(['acknowledge-recommendations']);
    await complete(s, k.token['uo-head'], cycle, 'management-decisions', { decisions: [{ measure: 'Муниципальная программа наставничества', orderNumber: '№ 300 от 01.12.2027', deadline: '2028-03-30' }], effectReviewDate: '2028-06-01' });
    for (const r of ['resp1', 'resp2', 'resp3']) await complete(s, k.token[r], cycle, 'acknowledge-recommendations', { acknowledgeNotes: 'Принято к исполнению' });
    expect((await instance(s, k.token.cro, cycle)).activeElementIds).toEqual(['wait-effect']);
  });

  test('step 7: on the review date the ЦРО analyses the effect and sets new goals; the cycle closes; the monitoring document names the district, the coordinator and the concept', async () => {
    await advance(s, k.admin, { to: '2028-06-01T08:59:00+03:00' });
    expect(await tasksOf(s, k.token.cro, cycle)).toHaveLength(0);
    await advance(s, k.admin, { to: '2028-06-01T09:00:00+03:00' });
    await complete(s, k.token.cro, cycle, 'effect-analysis', { measuresEffective: true, effectAnalysis: 'Доля педагогов с ИОМ выросла', newGoals: 'Охват молодых педагогов конкурсами' });
    expect((await instance(s, k.token.cro, cycle)).state).toBe('completed');
    const r = await fetch(`${s.url}/api/process-instances/${cycle}/documents/school-data?format=docx`, { method: 'POST', headers: { authorization: `Bearer ${k.token.cro}` } });
    expect(r.status).toBe(201);
    const text = (await (await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()))).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');
    for (const part of ['муниципальное образование Белореченский район', 'МКУ «Центр развития образования»', 'действует с 2021-06-15 по 2027-12-31', 'МАОУ Гимназия г. Белореченска', '3 из 3']) expect(text).toContain(part);
  });

  test('the next year’s cycle starts by itself with the new goals and the concept’s period of the last one', async () => {
    await advance(s, k.admin, { to: '2028-09-01T09:00:00+03:00' });
    const list = await cycles();
    expect(list).toHaveLength(2);
    const next = list.find((c: any) => c.id !== cycle).id;
    const def = await taskAt(s, k.token.cro, next, 'define-indicators');
    expect((await ok(s, 'GET', `/api/tasks/${def.id}`, undefined, k.token.cro)).context.variables).toMatchObject({
      previousGoals: 'Охват молодых педагогов конкурсами', municipalGoals: 'Охват молодых педагогов конкурсами', conceptValidUntil: '2027-12-31',
    });
  });

  test('the indicator table: presence from the cycle; «Количество…» are counts of teachers broken down by school, and sums from the schools’ data', async () => {
    const r = await ok(s, 'GET', `/api/indicators?orgId=${k.org.district}&period=2027-2028`, undefined, k.token.observer);
    const v = Object.fromEntries(r.items.map((i: any) => [i.key, [i.numerator, i.denominator]]));
    const by = Object.fromEntries(r.items.map((i: any) => [i.key, Object.fromEntries((i.breakdown ?? []).map((b: any) => [b.orgId, b.value]))]));
    expect(Object.keys(v)).toHaveLength(25);
    expect(v['d1-monitoring-municipal']).toEqual([1, 1]);
    expect(v['d1-monitoring-regional']).toEqual([0, 1]);
    expect(v['d1-pk-requests']).toEqual([1, 1]);
    expect(v['d1-diagnosed-with-iom']).toEqual([2, 4]);
    expect(v['d1-trained-dpp']).toEqual([2, null]);
    expect(by['d1-trained-dpp']).toEqual({ [k.org.sosh1]: 1, [k.org.sosh2]: 1, [k.org.gymn]: 0 });
    expect(v['d2-published']).toEqual([1, null]);
    expect(v['d3-experts']).toEqual([1, null]);
    expect(by['d3-experts']).toEqual({ [k.org.sosh1]: 0, [k.org.sosh2]: 1, [k.org.gymn]: 0 });
    expect(v['d3-event-participants']).toEqual([2, null]);
    expect(v['d3-young-trained']).toEqual([1, null]);
    expect(v['d3-young-contests']).toEqual([1, 2]);
    expect(v['d3-methodical-associations']).toEqual([15, null]);
    expect(v['d3-events-count']).toEqual([14, null]);
    // share by school: the diagnosed with an ИОМ in each school
    expect(by['d1-diagnosed-with-iom'][k.org.sosh1]).toBe(0.5);
  });
});
