import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (n: string) => ({ name: n, content: fs.readFileSync(path.join(here, n), 'utf8') });

const INDICATORS = [
  {
    key: 'self-assessed',
    name: 'Доля педагогов, прошедших самоанализ',
    numerator: { count: 'subjects', process: 'case-route', reached: ['self'] },
    denominator: { count: 'users', role: 'teacher' },
    breakdown: { level: 'school' },
  },
  { key: 'teachers', name: 'Количество педагогов', kind: 'count', of: { count: 'users', role: 'teacher' }, breakdown: { level: 'municipality' } },
  { key: 'teachers-on-route', name: 'Количество педагогов на маршруте', kind: 'count', of: { count: 'subjects', process: 'case-route' } },
  { key: 'routes', name: 'Количество маршрутов', kind: 'count', of: { count: 'instances', process: 'case-route' } },
  { key: 'hours', name: 'Часы программ', kind: 'sum', of: { count: 'instances', process: 'case-route' }, variable: 'hours', breakdown: { level: 'school' } },
  {
    key: 'schools-on-route',
    name: 'Доля школ с маршрутами',
    numerator: { count: 'organisations', level: 'school', process: 'case-route' },
    denominator: { count: 'organisations', level: 'school' },
  },
];
const variant = (indicators: unknown[]) => ({ name: 'variant.json', content: JSON.stringify({ ...FIXTURE_VARIANT, indicators }) });

/** The demo-like seed: who, at which school, how many routes, how many of them past self-assessment, hours, when (month of 2027). */
interface Person { username: string; school: 'school11' | 'school12' | 'school21'; routes: { done: boolean; hours: number; month: number }[] }
const PEOPLE: Person[] = [
  // three routes of one teacher (the 150 % case when routes were counted against teachers)
  { username: 'ind-ta', school: 'school11', routes: [{ done: true, hours: 16, month: 3 }, { done: true, hours: 24, month: 3 }, { done: false, hours: 8, month: 10 }] },
  { username: 'ind-tb', school: 'school11', routes: [{ done: false, hours: 36, month: 3 }] },
  { username: 'ind-tc', school: 'school11', routes: [] },
  { username: 'ind-td', school: 'school12', routes: [{ done: true, hours: 72, month: 10 }, { done: true, hours: 18, month: 10 }] },
  { username: 'ind-te', school: 'school12', routes: [] },
  { username: 'ind-tf', school: 'school21', routes: [{ done: true, hours: 40, month: 3 }] },
];

describe('indicators count people: distinct units, shares inside their denominator, counts, sums, breakdowns and periods', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Pool;
  const ids: Record<string, string> = {};
  const tok: Record<string, string> = {};
  const advanceTo = (to: string) => ok(s, 'POST', '/api/clock/advance', { to }, f.tokens['t-admin']);
  const indicators = async (query: string, token = f.tokens['t-admin']) => {
    const r = await ok(s, 'GET', `/api/indicators${query}`, undefined, token);
    return Object.fromEntries(r.items.map((i: any) => [i.key, i]));
  };

  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'case-indicators');
    db = new pg.Pool({ connectionString: s.databaseUrl, max: 2 });
    await deploy(s, f, [variant(INDICATORS), file('indicator-counts.route.bpmn')]);
    for (const p of PEOPLE) {
      const u = await ok(s, 'POST', '/api/users', { tenant: f.tenantKey, username: p.username, password: 'password-123', fullName: `Педагог ${p.username}`, memberships: [{ orgId: f.orgs[p.school], role: 'teacher' }] }, f.superToken);
      ids[p.username] = u.id;
      tok[p.username] = await s.login(p.username, 'password-123');
    }
    // routes in March and October 2027, started by the school's methodist for the teacher, or by the teacher
    for (const month of [3, 10]) {
      await advanceTo(`2027-${String(month).padStart(2, '0')}-10T10:00:00+12:00`);
      for (const p of PEOPLE) {
        for (const r of p.routes.filter((x) => x.month === month)) {
          const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'case-route', subjectId: ids[p.username], variables: { hours: r.hours } }, f.tokens['t-admin']);
          if (!r.done) continue;
          const [task] = (await db.query(`SELECT id FROM user_task WHERE instance_id = $1`, [inst.id])).rows;
          await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: {} }, tok[p.username]);
        }
      }
    }
    await advanceTo('2028-01-15T10:00:00+12:00');
  });

  afterAll(async () => {
    await db?.end();
    await s?.close();
  });

  /** The expected numbers, computed from the seed plan alone. */
  const expected = (people: Person[], months: number[]) => {
    const routes = people.flatMap((p) => p.routes.filter((r) => months.includes(r.month)).map((r) => ({ ...r, p })));
    const teachers = people.length;
    const selfAssessed = people.filter((p) => routes.some((r) => r.p === p && r.done)).length;
    return {
      teachers,
      selfAssessed,
      onRoute: new Set(routes.map((r) => r.p)).size,
      routes: routes.length,
      hours: routes.reduce((a, r) => a + r.hours, 0),
      schools: new Set(routes.map((r) => r.p.school)).size,
    };
  };

  test('given demo-like data over the region and a calendar year, then a share never exceeds 100 % and equals the count computed independently', async () => {
    const v = await indicators('?period=2027');
    const e = expected(PEOPLE, [3, 10]);
    // the fixture's own teachers (teacher11, teacher12) are teachers too, without routes
    expect(v['self-assessed']).toMatchObject({ kind: 'share', numerator: e.selfAssessed, denominator: e.teachers + 2, value: e.selfAssessed / (e.teachers + 2) });
    expect(v['self-assessed'].value).toBeLessThanOrEqual(1);
    expect(v.teachers).toMatchObject({ kind: 'count', numerator: e.teachers + 2, denominator: null, value: e.teachers + 2 });
    expect(v['teachers-on-route'].value).toBe(e.onRoute);
    expect(v.routes.value).toBe(e.routes);
    expect(v.hours).toMatchObject({ kind: 'sum', value: e.hours });
    expect(v['schools-on-route']).toMatchObject({ numerator: e.schools, denominator: 3 });
    // every share of every breakdown row stays within its denominator
    for (const row of v['self-assessed'].breakdown) expect(row.numerator).toBeLessThanOrEqual(row.denominator);
  });

  test('given a breakdown by school, then each school counts its own teachers and their routes', async () => {
    const v = await indicators('?period=2027');
    const bySchool = Object.fromEntries(v['self-assessed'].breakdown.map((b: any) => [b.orgId, [b.numerator, b.denominator]]));
    const at = (school: Person['school'], extra: number) => {
      const e = expected(PEOPLE.filter((p) => p.school === school), [3, 10]);
      return [e.selfAssessed, e.teachers + extra];
    };
    expect(v['self-assessed'].breakdownLevel).toBe('school');
    expect(bySchool).toEqual({ [f.orgs.school11]: at('school11', 1), [f.orgs.school12]: at('school12', 1), [f.orgs.school21]: at('school21', 0) });
    const hours = Object.fromEntries(v.hours.breakdown.map((b: any) => [b.orgId, b.value]));
    expect(hours[f.orgs.school11]).toBe(expected(PEOPLE.filter((p) => p.school === 'school11'), [3, 10]).hours);
    const teachers = Object.fromEntries(v.teachers.breakdown.map((b: any) => [b.orgName, b.value]));
    expect(teachers).toEqual({ 'Район 1': 5 + 2, 'Район 2': 1 });
    // a supervisor of municipality 1 sees its schools only
    const m = await indicators('?period=2027', f.tokens.supervisor1);
    expect(m['self-assessed'].breakdown.map((b: any) => b.orgId).sort()).toEqual([f.orgs.school11, f.orgs.school12].sort());
  });

  test('given periods: the school year 2027-2028 and a custom range count only the routes started in them', async () => {
    const school = await indicators('?period=2027-2028');
    const e = expected(PEOPLE, [10]);
    expect(school['self-assessed']).toMatchObject({ numerator: e.selfAssessed });
    expect(school.routes.value).toBe(e.routes);
    const march = await indicators('?from=2027-03-01&to=2027-04-01');
    expect(march.routes.value).toBe(expected(PEOPLE, [3]).routes);
    expect(march.hours.value).toBe(expected(PEOPLE, [3]).hours);
    expect((await s.call('GET', '/api/indicators?period=2027-2029', undefined, f.tokens['t-admin'])).status).toBe(400);
    expect((await s.call('GET', '/api/indicators?period=27', undefined, f.tokens['t-admin'])).status).toBe(400);
    expect((await s.call('GET', '/api/indicators?period=2027&from=2027-01-01', undefined, f.tokens['t-admin'])).status).toBe(400);
  });

  test('given an export, then CSV and XLSX keep the breakdown rows', async () => {
    const csv = await s.call('GET', '/api/indicators/export?format=csv&period=2027', undefined, f.tokens['t-admin']);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Код;Показатель;Организация;Числитель;Знаменатель;Значение');
    const self = lines.filter((l) => l.startsWith('self-assessed;'));
    expect(self.map((l) => l.split(';')[2])).toEqual(['Всего', 'Школа 1-1', 'Школа 1-2', 'Школа 2-1']);
    expect(lines.find((l) => l.startsWith('routes;'))).toBe(`routes;Количество маршрутов;Всего;${expected(PEOPLE, [3, 10]).routes};;${expected(PEOPLE, [3, 10]).routes}`);
    const res = await fetch(`${s.url}/api/indicators/export?format=xlsx&period=2027`, { headers: { authorization: `Bearer ${f.tokens['t-admin']}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const ws = wb.getWorksheet('Показатели')!;
    // the title names the period as the tenant reads it (Kamchatka, UTC+12: not the UTC date of its midnight)
    expect(ws.getRow(1).getCell(1).value).toBe('Показатели: 2027 год');
    const names: string[] = [];
    ws.eachRow((row) => { if (row.getCell(1).value === 'self-assessed') names.push(String(row.getCell(3).value)); });
    expect(names).toEqual(['Всего', 'Школа 1-1', 'Школа 1-2', 'Школа 2-1']);
  });

  test('given a numerator that cannot be a subset of its denominator, or an undeclared breakdown level, then the deploy is refused naming the indicator and the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ key: 'bad', name: 'Плохой', numerator: { count: 'instances', process: 'case-route' }, denominator: { count: 'users', role: 'teacher' } }, /indicators\[6\] \(bad\): the numerator counts instances and the denominator users/],
      [{ key: 'bad', name: 'Плохой', numerator: { count: 'instances', process: 'a' }, denominator: { count: 'instances', process: 'b' } }, /indicators\[6\] \(bad\): the numerator counts instances of "a" and the denominator of "b"/],
      [{ key: 'bad', name: 'Плохой', kind: 'count', of: { count: 'users', role: 'teacher' }, breakdown: { level: 'class' } }, /indicators\[6\] \(bad\)\.breakdown\.level: level "class"/],
      [{ key: 'bad', name: 'Плохой', kind: 'sum', of: { count: 'instances', process: 'case-route' } }, /indicators\[6\] \(bad\)\.variable/],
      [{ key: 'bad', name: 'Плохой', kind: 'count', of: { count: 'things' } }, /indicators\[6\] \(bad\)\.of\.count/],
      [{ key: 'bad', name: 'Плохой', kind: 'ratio' }, /indicators\[6\] \(bad\)\.kind/],
    ];
    for (const [bad, message] of cases) {
      const r = await s.call<any>('POST', '/api/deployments', { name: 'bad', resources: [variant([...INDICATORS, bad])] }, f.tokens['t-admin']);
      expect(r.status).toBe(400);
      expect(r.body.problems.map((p: any) => p.message).join('\n')).toMatch(message);
    }
    // nothing changed: the indicators still compute
    expect((await indicators('?period=2027')).routes.value).toBe(expected(PEOPLE, [3, 10]).routes);
  });

  test('given routes started on either side of 1 September midnight in the tenant’s zone, then each counts in its own school year', async () => {
    // Kamchatka (UTC+12): 31 August 23:30 local is 11:30 UTC, 1 September 00:30 local is still 31 August 12:30 UTC
    const startAt = async (local: string) => {
      await advanceTo(local);
      return (await ok(s, 'POST', '/api/process-instances', { processKey: 'case-route', subjectId: ids['ind-tc'], variables: { hours: 1 } }, f.tokens['t-admin'])).id as string;
    };
    await startAt('2028-08-31T23:30:00+12:00');
    await startAt('2028-09-01T00:30:00+12:00');
    const before = expected(PEOPLE, [10]).routes; // the school year 2027-2028 held the October routes
    const y1 = await ok(s, 'GET', '/api/indicators?period=2027-2028', undefined, f.tokens['t-admin']);
    const y2 = await ok(s, 'GET', '/api/indicators?period=2028-2029', undefined, f.tokens['t-admin']);
    const routes = (r: any) => r.items.find((i: any) => i.key === 'routes').value;
    expect([routes(y1), routes(y2)]).toEqual([before + 1, 1]);
    expect(y1).toMatchObject({ from: '2027-08-31T12:00:00.000Z', to: '2028-08-31T12:00:00.000Z', periodTitle: '2027/2028 учебный год (01.09.2027 – 31.08.2028)' });
    // the calendar year 2028 holds both; a custom range of 1 September alone only the second
    expect(routes(await ok(s, 'GET', '/api/indicators?period=2028', undefined, f.tokens['t-admin']))).toBe(2);
    const day = await ok(s, 'GET', '/api/indicators?from=2028-09-01&to=2028-09-02', undefined, f.tokens['t-admin']);
    expect([routes(day), day.periodTitle]).toEqual([1, '01.09.2028 – 01.09.2028']);
    expect((await ok(s, 'GET', '/api/indicators', undefined, f.tokens['t-admin'])).periodTitle).toBe('весь период');
  });
});
