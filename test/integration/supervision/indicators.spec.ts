import ExcelJS from 'exceljs';
import { createTenantFixture, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceBy, deploySupervision, startSupport, taskOf } from './supervision-helpers.js';

describe('indicators computed from process data over an organisation subtree and a period', () => {
  let s: TestServer;
  let f: TenantFixture;
  let startDay: string;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'indicators-region');
    await deploySupervision(s, f);
    await ok(s, 'POST', '/api/clock/advance', { to: '2027-03-01T00:00:00Z' }, f.tokens['t-admin']);
    startDay = '2027-03-01';
    // municipality 1: three instances, two chose directions (one of them with difficulties); municipality 2: one
    const a = await startSupport(s, f, f.orgs.school11);
    const b = await startSupport(s, f, f.orgs.school12);
    await startSupport(s, f, f.orgs.school11);
    await startSupport(s, f, f.orgs.school21);
    await ok(s, 'POST', `/api/tasks/${(await taskOf(s, f, a.id, 'plan')).id}/complete`, { variables: { difficulties: true } }, f.tokens.teacher11);
    await ok(s, 'POST', `/api/tasks/${(await taskOf(s, f, b.id, 'plan')).id}/complete`, { variables: { difficulties: false } }, f.tokens.teacher12);
    // teachers' profiles: one under 35
    await ok(s, 'PATCH', `/api/users/${f.users.teacher11}`, { profile: { age: 29 } }, f.superToken);
    await ok(s, 'PATCH', `/api/users/${f.users.teacher12}`, { profile: { age: 51 } }, f.superToken);
    await advanceBy(s, f, 'P40D');
    await startSupport(s, f, f.orgs.school12); // in April
  });
  afterAll(async () => {
    await s.close();
  });

  const byKey = (r: any) => Object.fromEntries(r.items.map((i: any) => [i.key, [i.numerator, i.denominator, i.value]]));

  test('the supervisor of municipality 1 gets its shares; the period and the subtree narrow them', async () => {
    const r = await ok(s, 'GET', '/api/indicators', undefined, f.tokens.supervisor1);
    expect(r.items.map((i: any) => i.key)).toEqual(['plan-chosen', 'difficulties', 'completed', 'young']);
    expect(r.items[0]).toMatchObject({ name: 'Доля педагогов, выбравших направления сопровождения', variant: 'fixture' });
    expect(byKey(r)).toEqual({
      'plan-chosen': [2, 4, 0.5],
      difficulties: [1, 4, 0.25],
      completed: [0, 4, 0],
      young: [1, 2, 0.5],
    });
    // March only
    const march = await ok(s, 'GET', `/api/indicators?from=${startDay}&to=2027-04-01`, undefined, f.tokens.supervisor1);
    expect(byKey(march)['plan-chosen']).toEqual([2, 3, 2 / 3]);
    // one school
    const school = await ok(s, 'GET', `/api/indicators?orgId=${f.orgs.school11}`, undefined, f.tokens.supervisor1);
    expect(byKey(school)).toEqual({ 'plan-chosen': [1, 2, 0.5], difficulties: [1, 2, 0.5], completed: [0, 2, 0], young: [1, 1, 1] });
    // the region: all five instances
    const region = await ok(s, 'GET', '/api/indicators', undefined, f.tokens['t-admin']);
    expect(byKey(region)['plan-chosen']).toEqual([2, 5, 0.4]);
    // nothing for someone who supervises nothing, or for another municipality
    expect((await s.call('GET', '/api/indicators', undefined, f.tokens.teacher11)).status).toBe(403);
    expect((await s.call('GET', `/api/indicators?orgId=${f.orgs.mun2}`, undefined, f.tokens.supervisor1)).status).toBe(403);
    expect((await s.call('GET', '/api/indicators?from=yesterday', undefined, f.tokens.supervisor1)).status).toBe(400);
  });

  test('export as CSV and XLSX carries the same numbers', async () => {
    const csv = await s.call('GET', '/api/indicators/export?format=csv', undefined, f.tokens.supervisor1);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Код;Показатель;Организация;Числитель;Знаменатель;Значение');
    expect(lines[1]).toBe('plan-chosen;Доля педагогов, выбравших направления сопровождения;Всего;2;4;50.0 %');

    const res = await fetch(`${s.url}/api/indicators/export?format=xlsx`, { headers: { authorization: `Bearer ${f.tokens.supervisor1}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const ws = wb.getWorksheet('Показатели')!;
    expect(ws.getRow(3).values).toEqual([undefined, 'plan-chosen', 'Доля педагогов, выбравших направления сопровождения', 'Всего', 2, 4, 0.5]);
    expect((await s.call('GET', '/api/indicators/export?format=pdf', undefined, f.tokens.supervisor1)).status).toBe(400);
  });

  test('a declaration that cannot be computed reports its error and the others still count', async () => {
    const variant = JSON.parse(JSON.stringify((await import('./supervision-helpers.js')).SUPERVISION_VARIANT));
    variant.indicators.push({ key: 'broken', name: 'Сломанный', numerator: { count: 'instances', process: 'support', where: 'age <' }, denominator: { count: 'instances', process: 'support' } });
    await ok(s, 'POST', '/api/deployments', { name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }] }, f.tokens['t-admin']);
    const r = await ok(s, 'GET', '/api/indicators', undefined, f.tokens.supervisor1);
    expect(r.items.find((i: any) => i.key === 'broken')).toMatchObject({ value: null, error: expect.stringMatching(/FEEL/) });
    expect(byKey(r)['plan-chosen']).toEqual([2, 4, 0.5]);
    // a declaration that cannot count at all is refused at deploy, naming it; the deployed ones still count
    variant.indicators[variant.indicators.length - 1].numerator = { count: 'things' };
    const refused = await s.call<any>('POST', '/api/deployments', { name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }] }, f.tokens['t-admin']);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.problems)).toMatch(/indicators\[4\] \(broken\)\.numerator\.count must be one of/);
    const again = await ok(s, 'GET', '/api/indicators', undefined, f.tokens.supervisor1);
    expect(again.items.find((i: any) => i.key === 'broken')).toMatchObject({ value: null, error: expect.stringMatching(/FEEL/) });
  });
});
