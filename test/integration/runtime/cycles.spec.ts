import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (n: string) => ({ name: n, content: fs.readFileSync(path.join(here, n), 'utf8') });

const VARIANT = { ...FIXTURE_VARIANT, processes: { 'case-yearly': { startFor: { level: 'school' } } } };

describe('cycles per organisation: a timer start declared startFor { level } starts once in every organisation of the level', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Pool;
  const advanceTo = (to: string) => ok(s, 'POST', '/api/clock/advance', { to }, f.tokens['t-admin']);
  /** Instances of the cycle per organisation: org id → start instants (ISO). */
  const startsByOrg = async () => {
    const rows = (await db.query(
      `SELECT org_id, started_at, subject_id, started_by FROM process_instance WHERE tenant_id = $1 AND process_key = 'case-yearly' ORDER BY started_at`,
      [f.tenantId],
    )).rows;
    for (const r of rows) expect({ subject: r.subject_id, by: r.started_by }).toEqual({ subject: null, by: null });
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.org_id] ??= []).push(new Date(r.started_at).toISOString());
    return out;
  };

  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'case-cycles');
    db = new pg.Pool({ connectionString: s.databaseUrl, max: 2 });
    await advanceTo('2027-01-01T00:00:00+12:00');
  });

  afterAll(async () => {
    await db?.end();
    await s?.close();
  });

  test('given an undeclared level in startFor, then the deploy is refused naming the process and the field', async () => {
    const bad = { ...FIXTURE_VARIANT, processes: { 'case-yearly': { startFor: { level: 'class' } } } };
    const r = await s.call('POST', '/api/deployments', { name: 'bad', resources: [{ name: 'variant.json', content: JSON.stringify(bad) }] }, f.tokens['t-admin']);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.problems)).toMatch(/processes\.case-yearly\.startFor\.level: level \\"class\\" is not one of/);
    const none = { ...FIXTURE_VARIANT, processes: { 'case-yearly': { startFor: {} } } };
    expect((await s.call('POST', '/api/deployments', { name: 'bad', resources: [{ name: 'variant.json', content: JSON.stringify(none) }] }, f.tokens['t-admin'])).status).toBe(400);
  });

  test('given a yearly cycle on the simulated clock, then for three years it starts once in every active school, each belonging to its school', async () => {
    await ok(s, 'POST', '/api/deployments', { name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(VARIANT) }] }, f.tokens['t-admin']);
    await deploy(s, f, [file('cycles.yearly.bpmn')]);
    const schools = [f.orgs.school11, f.orgs.school12, f.orgs.school21];
    // 1 September 09:00 in Kamchatka (UTC+12) is 21:00 UTC the day before
    const firings = ['2027-08-31T21:00:00.000Z', '2028-08-31T21:00:00.000Z', '2029-08-31T21:00:00.000Z'];

    await advanceTo('2027-08-31T20:59:00Z');
    expect(await startsByOrg()).toEqual({});
    await advanceTo('2027-09-01T12:00:00+12:00');
    expect(await startsByOrg()).toEqual(Object.fromEntries(schools.map((o) => [o, firings.slice(0, 1)])));

    // another process runs the same firing again (a job taken over after its lock expired): nothing more starts
    await db.query(
      `INSERT INTO job (id, tenant_id, kind, definition_id, element_id, due_at, payload)
       SELECT gen_random_uuid(), tenant_id, kind, definition_id, element_id, $2::timestamptz, payload || '{"fired":0}'::jsonb
       FROM job WHERE tenant_id = $1 AND kind = 'timer-start'`,
      [f.tenantId, firings[0]],
    );
    const fired = await advanceTo('2027-09-02T12:00:00+12:00');
    expect(fired.jobs.filter((j: any) => j.kind === 'timer-start').map((j: any) => j.ok)).toEqual([true]);
    expect(await startsByOrg()).toEqual(Object.fromEntries(schools.map((o) => [o, firings.slice(0, 1)])));

    // a new school joins, one is closed: the next firings follow the tree as it is then
    const school22 = (await ok(s, 'POST', '/api/organizations', { name: 'Школа 2-2', level: 'school', parentId: f.orgs.mun2 }, f.tokens['t-admin'])).id;
    await advanceTo('2029-06-01T00:00:00+12:00');
    await ok(s, 'POST', `/api/organizations/${f.orgs.school21}/deactivate`, {}, f.superToken);
    await advanceTo('2030-08-01T00:00:00+12:00');
    const starts = await startsByOrg();
    expect(starts).toEqual({
      [f.orgs.school11]: firings,
      [f.orgs.school12]: firings,
      [f.orgs.school21]: firings.slice(0, 2),
      [school22]: firings.slice(1),
    });
    // nothing at the municipalities or the region
    for (const o of [f.orgs.region, f.orgs.mun1, f.orgs.mun2]) expect(starts[o]).toBeUndefined();
    // one firing row per (firing, school)
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM cycle_firing WHERE tenant_id = $1`, [f.tenantId])).rows;
    expect(n).toBe(3 + 3 + 3 + 2 - 1);

    // each school's instance offers its task to that school's methodist only
    const tasks = (await db.query(
      `SELECT t.org_id, c.role, c.org_id AS pair_org FROM user_task t JOIN task_candidate c ON c.task_id = t.id WHERE t.process_key = 'case-yearly' AND t.tenant_id = $1`,
      [f.tenantId],
    )).rows;
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(t).toEqual({ org_id: t.pair_org, role: 'methodist', pair_org: t.pair_org });
    const inbox = await ok(s, 'GET', '/api/tasks?processKey=case-yearly&size=100', undefined, f.tokens.methodist11);
    expect(inbox.total).toBe(3);
    expect(inbox.items.every((t: any) => t.orgId === f.orgs.school11 && t.subject === null)).toBe(true);
    // the school's supervisor above sees them; another municipality's does not
    const list = await ok(s, 'GET', '/api/process-instances?processKey=case-yearly&size=100', undefined, f.tokens.supervisor1);
    expect(new Set(list.items.map((i: any) => i.orgId))).toEqual(new Set([f.orgs.school11, f.orgs.school12]));
  });
});
