import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { ok } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advance, complete, instance, taskAt, tasksOf, variantTenant, PROCESSES } from './variant-support.js';
import type { VariantTenant } from './variant-support.js';

const msk = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Moscow' }).toUTC().toISO();
const variant = JSON.parse(fs.readFileSync(path.join(PROCESSES, 'belorechensk', 'variant.json'), 'utf8'));

/**
 * Belorechensk (seed 003) on the simulated clock: one yearly management cycle of §4 — indicators,
 * collection methods, a data request to every school with a deadline (multi-instance), analysis,
 * addressed recommendations (site and letters to every school), management decisions, the
 * analysis of their effect on its date; and the indicator table of §3 computed over the district.
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
      ['cro', 'МКУ ЦРО: методист-координатор', [['district', 'cro-koordinator']]],
      ['uo-head', 'Заместитель начальника управления образованием', [['district', 'uo-rukovodstvo']]],
      ['resp1', 'Ответственный СОШ № 1', [['sosh1', 'oo-otvetstvenny']]],
      ['resp2', 'Ответственный СОШ № 2', [['sosh2', 'oo-otvetstvenny']]],
      ['resp3', 'Ответственный гимназии', [['gymn', 'oo-otvetstvenny']]],
      ['tch1', 'Учитель 1', [['sosh1', 'pedagog']], { youngTeacher: 'да', ...yes('diagnosed', 'hasIom', 'trainedDpp', 'contestParticipant') }],
      ['tch2', 'Учитель 2', [['sosh1', 'pedagog']], { youngTeacher: 'да', ...yes('diagnosed') }],
      ['tch3', 'Учитель 3', [['sosh2', 'pedagog']], { youngTeacher: 'нет', ...yes('diagnosed', 'hasIom', 'trainedOnDeficits', 'trainedDpp', 'published', 'expert', 'eventParticipant') }],
      ['tch4', 'Учитель 4', [['gymn', 'pedagog']], { youngTeacher: 'нет', ...yes('eventParticipant') }],
      ['observer', 'Управление образованием (наблюдатель)', [['district', 'supervisor']]],
    ]);
    await advance(s, k.admin, { to: '2027-01-11T09:00:00+03:00' });
  });
  afterAll(async () => {
    await s?.close();
  });

  test('every indicator of the §3 table is declared, in its three directions', () => {
    expect(variant.indicators).toHaveLength(24);
    for (const d of ['Направление 1', 'Направление 2', 'Направление 3']) {
      expect(variant.indicators.filter((i: any) => i.description.startsWith(d)).length).toBeGreaterThan(5);
    }
  });

  test('steps 1–3: indicators and methods; a data request with a deadline goes to every school’s responsible person, and to nobody else', async () => {
    cycle = (await ok(s, 'POST', '/api/process-instances', { processKey: 'management-cycle' }, k.token.cro)).id;
    await complete(s, k.token.cro, cycle, 'define-indicators', { selectedIndicators: variant.indicators.map((i: any) => i.key), municipalGoals: 'Снижение профессиональных дефицитов' });
    await complete(s, k.token.cro, cycle, 'define-methods', {
      methods: ['school-requests', 'questionnaires', 'registration-lists', 'experts-db', 'attestation-db'], monitoringDeadline: '2027-02-15',
      schoolRequests: [
        { schoolName: 'МБОУ СОШ № 1', responsibleLogin: 'resp1' }, { schoolName: 'МБОУ СОШ № 2', responsibleLogin: 'resp2' }, { schoolName: 'МАОУ Гимназия', responsibleLogin: 'resp3' },
      ],
    });
    for (const r of ['resp1', 'resp2', 'resp3']) {
      const mine = await tasksOf(s, k.token[r], cycle);
      expect(mine.map((t) => [t.elementId, t.dueAt])).toEqual([['submit-school-data', msk('2027-02-15T18:00')]]);
    }
    expect((await tasksOf(s, k.token.cro, cycle)).map((t) => t.elementId).sort()).toEqual(['questionnaires', 'registers']);
  });

  test('a school that misses the deadline is overdue; the data of every school is gathered into the cycle', async () => {
    await complete(s, k.token.resp1, cycle, 'submit-school-data', { teachersTotal: 40, moCount: 5, innovationSites: 1, youngTeachers: 6, pkRequest: true, pkRequestText: 'Функциональная грамотность', staffingNeeds: 'Учитель физики', profilesUpdated: true });
    await complete(s, k.token.resp2, cycle, 'submit-school-data', { teachersTotal: 35, moCount: 4, innovationSites: 0, youngTeachers: 3, pkRequest: false });
    await advance(s, k.admin, { to: '2027-02-16T09:00:00+03:00' });
    const late = (await ok(s, 'GET', '/api/tasks?overdue=true', undefined, k.token.resp3)).items;
    expect(late.map((t: any) => t.elementId)).toEqual(['submit-school-data']);
    expect((await ok(s, 'GET', '/api/tasks?overdue=true', undefined, k.token.resp1)).items).toHaveLength(0);
    await complete(s, k.token.resp3, cycle, 'submit-school-data', { teachersTotal: 50, moCount: 6, innovationSites: 2, youngTeachers: 4, pkRequest: false });
    await complete(s, k.token.cro, cycle, 'questionnaires', { respondents: 112, deficitsFound: 'Методические, цифровые' });
    await complete(s, k.token.cro, cycle, 'registers', { municipalEvents: 14, expertsDbUpdated: true, attestationDbUpdated: true });
    const data = (await instance(s, k.token.cro, cycle)).variables.schoolData;
    expect(data.map((d: any) => [d.school, d.moCount, d.pkRequest])).toEqual([['МБОУ СОШ № 1', 5, true], ['МБОУ СОШ № 2', 4, false], ['МАОУ Гимназия', 6, false]]);
  });

  test('steps 3–6: systematisation, analysis, recommendations on the ЦРО site (a link) and letters to every school, decisions of the education department', async () => {
    await complete(s, k.token.cro, cycle, 'systematize', { datasetUrl: 'https://cro-belor.ru/monitoring/2027', presentItems: ['d1-monitoring-municipal', 'd2-methodical-recommendations', 'd3-young-programme'] });
    await complete(s, k.token.cro, cycle, 'analysis', { analysisText: 'Дефициты выше в сельских школах', statisticalMethods: true });
    const rec = await taskAt(s, k.token.cro, cycle, 'recommendations');
    const noLink = await s.call('POST', `/api/tasks/${rec.id}/complete`, { variables: { recommendationsList: [{ addressee: 'ОО', text: 'x' }], publishedUrl: 'cro-belor.ru' } }, k.token.cro);
    expect(noLink.status).toBe(400);
    await ok(s, 'POST', `/api/tasks/${rec.id}/complete`, { variables: {
      recommendationsList: [{ addressee: 'Руководители ОО', text: 'Включить педагогов с дефицитами в ИОМ' }], publishedUrl: 'http://www.cro-belor.ru/monitoring/2027',
    } }, k.token.cro);
    for (const r of ['resp1', 'resp2', 'resp3']) expect((await tasksOf(s, k.token[r], cycle)).map((t) => t.elementId)).toEqual(['acknowledge-recommendations']);
    await complete(s, k.token['uo-head'], cycle, 'management-decisions', { decisions: [{ measure: 'Муниципальная программа наставничества', orderNumber: '№ 300 от 01.03.2027', deadline: '2027-06-30' }], effectReviewDate: '2027-09-01' });
    for (const r of ['resp1', 'resp2', 'resp3']) await complete(s, k.token[r], cycle, 'acknowledge-recommendations', { acknowledgeNotes: 'Принято к исполнению' });
    expect((await instance(s, k.token.cro, cycle)).activeElementIds).toEqual(['wait-effect']);
  });

  test('step 7: on the review date the ЦРО analyses the effect of the measures and sets new goals; the cycle closes', async () => {
    await advance(s, k.admin, { to: '2027-09-01T08:59:00+03:00' });
    expect(await tasksOf(s, k.token.cro, cycle)).toHaveLength(0);
    await advance(s, k.admin, { to: '2027-09-01T09:00:00+03:00' });
    await complete(s, k.token.cro, cycle, 'effect-analysis', { measuresEffective: true, effectAnalysis: 'Доля педагогов с ИОМ выросла', newGoals: 'Охват молодых педагогов конкурсами' });
    expect((await instance(s, k.token.cro, cycle)).state).toBe('completed');
  });

  test('the indicator table: presence indicators from the cycle, counts of teachers from their files', async () => {
    const r = await ok(s, 'GET', `/api/indicators?orgId=${k.org.district}&from=2027-01-01&to=2028-01-01`, undefined, k.token.observer);
    const v = Object.fromEntries(r.items.map((i: any) => [i.key, [i.numerator, i.denominator]]));
    expect(Object.keys(v)).toHaveLength(24);
    expect(v['d1-monitoring-municipal']).toEqual([1, 1]);
    expect(v['d1-monitoring-regional']).toEqual([0, 1]);
    expect(v['d1-pk-requests']).toEqual([1, 1]);
    expect(v['d3-methodical-associations']).toEqual([1, 1]);
    expect(v['d1-diagnosed-with-iom']).toEqual([2, 4]);
    expect(v['d1-trained-dpp']).toEqual([2, 4]);
    expect(v['d2-published']).toEqual([1, 4]);
    expect(v['d3-experts']).toEqual([1, 4]);
    expect(v['d3-event-participants']).toEqual([2, 4]);
    expect(v['d3-young-trained']).toEqual([1, 2]);
    expect(v['d3-young-contests']).toEqual([1, 2]);
    // one school only
    const school = await ok(s, 'GET', `/api/indicators?orgId=${k.org.sosh1}&from=2027-01-01&to=2028-01-01`, undefined, k.token.observer);
    const sv = Object.fromEntries(school.items.map((i: any) => [i.key, [i.numerator, i.denominator]]));
    expect(sv['d1-diagnosed-with-iom']).toEqual([1, 2]);
  });
});
