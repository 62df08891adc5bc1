import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { SandboxService } from '../../../server/src/drafts/sandbox.service.js';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ONE_HOUR = { name: 'tenant-clock.one-hour.bpmn', content: fs.readFileSync(path.join(here, 'tenant-clock.one-hour.bpmn'), 'utf8') };

const clockOf = async (s: TestServer, token: string, tenant?: string) =>
  ok(s, 'GET', `/api/clock${tenant ? `?tenant=${tenant}` : ''}`, undefined, token);
/** A second small tenant beside the fixture (usernames are unique server-wide): an administrator and a teacher. */
async function secondTenant(s: TestServer, superToken: string, key: string, timeZone: string): Promise<TenantFixture> {
  const tenant = await ok(s, 'POST', '/api/tenants', { key, name: 'Второй регион', timeZone }, superToken);
  await ok(s, 'POST', '/api/deployments', { tenant: key, name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, superToken);
  const region = (await ok(s, 'POST', '/api/organizations', { tenant: key, name: 'Регион Б', level: 'region' }, superToken)).id;
  const school = (await ok(s, 'POST', '/api/organizations', { tenant: key, name: 'Школа Б', level: 'school', parentId: region }, superToken)).id;
  const tokens: Record<string, string> = {};
  for (const [username, orgId, role] of [[`${key}-admin`, region, 'admin'], [`${key}-teacher`, school, 'teacher']]) {
    await ok(s, 'POST', '/api/users', { tenant: key, username, password: 'password-123', fullName: username, memberships: [{ orgId, role }] }, superToken);
    tokens[role === 'admin' ? 't-admin' : 'teacher11'] = await s.login(username, 'password-123');
  }
  return { tenantKey: key, tenantId: tenant.id, superToken, orgs: { region } as TenantFixture['orgs'], tokens, users: {} };
}
const stateOf = async (s: TestServer, f: TenantFixture, id: string) =>
  (await ok(s, 'GET', `/api/process-instances/${id}`, undefined, f.tokens['t-admin'])).state;

describe('per-tenant clock under ENGINE_CLOCK=simulated: each tenant has a time of its own', () => {
  let s: TestServer;
  let a: TenantFixture;
  let b: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    a = await createTenantFixture(s, 'clock-a', 'Asia/Kamchatka');
    b = await secondTenant(s, a.superToken, 'clock-b', 'Europe/Moscow');
    await deploy(s, a, [ONE_HOUR]);
    await deploy(s, b, [ONE_HOUR]);
  });
  afterAll(async () => {
    await s.close();
  });

  test('given a timer in each tenant, when one tenant’s time moves a day, then only its timer fires and the other’s time stands', async () => {
    const bBefore = await clockOf(s, b.tokens['t-admin']);
    const ia = await ok(s, 'POST', '/api/process-instances', { processKey: 'hour-wait' }, a.tokens.teacher11);
    const ib = await ok(s, 'POST', '/api/process-instances', { processKey: 'hour-wait' }, b.tokens.teacher11);
    const moved = await ok(s, 'POST', '/api/clock/advance', { duration: 'P1D' }, a.tokens['t-admin']);
    expect(moved.tenant).toBe('clock-a');
    expect(moved.fired).toBe(1);
    expect(Date.parse(moved.now) - Date.parse(moved.from)).toBe(86_400_000);
    expect(await stateOf(s, a, ia.id)).toBe('completed');
    expect(await stateOf(s, b, ib.id)).toBe('active');
    expect((await clockOf(s, b.tokens['t-admin'])).now).toBe(bBefore.now);
    // the superadmin reads any tenant's time by key
    expect((await clockOf(s, a.superToken, 'clock-a')).now).toBe(moved.now);
    // b's timer fires when b's own time passes it
    const mb = await ok(s, 'POST', '/api/clock/advance', { tenant: 'clock-b', duration: 'PT1H' }, b.tokens['t-admin']);
    expect(mb.fired).toBe(1);
    expect(await stateOf(s, b, ib.id)).toBe('completed');
    expect((await clockOf(s, a.tokens['t-admin'])).now).toBe(moved.now);
  });

  test('given two advances at once, then both count', async () => {
    const before = Date.parse((await clockOf(s, a.tokens['t-admin'])).now);
    const [x, y] = await Promise.all([
      s.call('POST', '/api/clock/advance', { duration: 'P1D' }, a.tokens['t-admin']),
      s.call('POST', '/api/clock/advance', { duration: 'PT6H' }, a.tokens['t-admin']),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const after = Date.parse((await clockOf(s, a.tokens['t-admin'])).now);
    expect(after - before).toBe(30 * 3_600_000);
    // one after the other: the second started where the first left
    const [first, second] = [x.body, y.body].sort((p, q) => Date.parse(p.from) - Date.parse(q.from));
    expect(Date.parse(first.from)).toBe(before);
    expect(second.from).toBe(first.now);
  });

  test('moving backwards, bad input, strangers and non-administrators are refused in Russian', async () => {
    const ru = { 'accept-language': 'ru' };
    const now = (await clockOf(s, a.tokens['t-admin'])).now;
    const back = await s.call('POST', '/api/clock/advance', { to: new Date(Date.parse(now) - 60_000).toISOString() }, a.tokens['t-admin'], ru);
    expect(back.status).toBe(400);
    expect(back.body.message).toMatch(/Время назад не идёт/);
    const negative = await s.call('POST', '/api/clock/advance', { duration: '-P1D' }, a.tokens['t-admin'], ru);
    expect(negative.status).toBe(400);
    expect(negative.body.message).toMatch(/назад|длительность/);
    const bad = await s.call('POST', '/api/clock/advance', { duration: 'скоро' }, a.tokens['t-admin'], ru);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/не длительность/);
    expect((await s.call('POST', '/api/clock/advance', { duration: 'P1D', to: now }, a.tokens['t-admin'])).status).toBe(400);
    expect((await s.call('POST', '/api/clock/advance', { duration: 'P1D' }, a.tokens.teacher11)).status).toBe(403);
    // another tenant's administrator: as if it did not exist
    const stranger = await s.call('POST', '/api/clock/advance', { tenant: 'clock-a', duration: 'P1D' }, b.tokens['t-admin']);
    expect(stranger.status).toBe(404);
    expect((await s.call('GET', '/api/clock?tenant=clock-a', undefined, b.tokens['t-admin'])).status).toBe(404);
    // the superadmin must name the tenant
    const su = await s.call('POST', '/api/clock/advance', { duration: 'P1D' }, a.superToken, ru);
    expect(su.status).toBe(400);
    expect(su.body).toMatchObject({ code: 'clock.tenantRequired', message: expect.stringMatching(/Укажите арендатора/) });
    // and in English when asked for
    expect((await s.call('POST', '/api/clock/advance', { duration: 'P1D' }, a.superToken)).body.message).toMatch(/name the tenant/);
    expect((await clockOf(s, a.tokens['t-admin'])).now).toBe(now);
  });
});

describe('per-tenant clock on the real clock: a sandbox has its own time, production tenants the machine’s', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'real' });
    f = await createTenantFixture(s, 'clock-real', 'Asia/Kamchatka');
    await deploy(s, f, [ONE_HOUR]);
  });
  afterAll(async () => {
    await s.close();
  });

  test('given a sandbox run waiting an hour, when the sandbox’s time moves a month, then it fires there and the production tenant stays on real time', async () => {
    const sandbox = await ok(s, 'POST', '/api/sandbox/runs', { resources: [ONE_HOUR] }, f.tokens['t-admin']);
    expect(sandbox.clock.mode).toBe('simulated');
    const live = await ok(s, 'POST', '/api/process-instances', { processKey: 'hour-wait' }, f.tokens.teacher11);
    const key = (await ok(s, 'GET', '/api/sandbox', undefined, f.tokens['t-admin'])).tenantKey;
    const before = await clockOf(s, f.tokens['t-admin'], key);
    expect(before.mode).toBe('simulated');
    // the superadmin's list tells the sandbox from live tenants
    const tenants = await ok(s, 'GET', '/api/tenants', undefined, f.superToken);
    expect(tenants.find((t: any) => t.key === key).sandboxOf).toBe('clock-real');
    expect(tenants.find((t: any) => t.key === 'clock-real').sandboxOf).toBeNull();
    const moved = await ok(s, 'POST', '/api/clock/advance', { tenant: key, duration: 'P1M' }, f.tokens['t-admin']);
    expect(moved.fired).toBeGreaterThanOrEqual(1);
    expect(moved.jobs.every((j: any) => j.ok)).toBe(true);
    const run = await ok(s, 'GET', `/api/sandbox/runs/${sandbox.instance.id}`, undefined, f.tokens['t-admin']);
    expect(run.instance.state).toBe('completed');
    expect(Date.parse(run.clock.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(28 * 86_400_000);
    // production: real time, its timer still waiting, its clock not movable
    const prod = await clockOf(s, f.tokens['t-admin']);
    expect(prod.mode).toBe('real');
    expect(Math.abs(Date.parse(prod.now) - Date.now())).toBeLessThan(60_000);
    expect(await stateOf(s, f, live.id)).toBe('active');
    expect((await s.call('POST', '/api/clock/advance', { duration: 'P1D' }, f.tokens['t-admin'])).status).toBe(409);
    // nobody of the production tenant was told anything by the sandbox's month
    for (const u of ['t-admin', 'supervisor1', 'teacher11']) {
      expect((await ok(s, 'GET', '/api/notifications?size=200', undefined, f.tokens[u])).items).toEqual([]);
    }
  });

  test('a reset removes the sandbox with its runs and time; the next use makes it anew on its tenant’s time', async () => {
    const run = await ok(s, 'POST', '/api/sandbox/runs', { resources: [ONE_HOUR] }, f.tokens['t-admin']);
    const key = (await ok(s, 'GET', '/api/sandbox', undefined, f.tokens['t-admin'])).tenantKey;
    await ok(s, 'POST', '/api/clock/advance', { tenant: key, duration: 'P1D' }, f.tokens['t-admin']);
    expect(await ok(s, 'DELETE', '/api/sandbox', undefined, f.tokens['t-admin'])).toEqual({ removed: true });
    expect((await s.call('GET', `/api/sandbox/runs/${run.instance.id}`, undefined, f.tokens['t-admin'])).status).toBe(404);
    expect((await s.call('GET', `/api/clock?tenant=${key}`, undefined, f.tokens['t-admin'])).status).toBe(404);
    const info = await ok(s, 'GET', '/api/sandbox', undefined, f.tokens['t-admin']);
    expect(Math.abs(Date.parse(info.clock.now) - Date.now())).toBeLessThan(60_000);
  });

  test('a sandbox unused for SANDBOX_IDLE_DAYS (14) is removed by the cleanup; one in use is kept', async () => {
    await ok(s, 'POST', '/api/sandbox/runs', { resources: [ONE_HOUR] }, f.tokens['t-admin']);
    const key = (await ok(s, 'GET', '/api/sandbox', undefined, f.tokens['t-admin'])).tenantKey;
    const ds = s.app.get(DataSource);
    const sandboxes = s.app.get(SandboxService);
    expect(await sandboxes.removeIdle()).toEqual([]);
    await ds.query(`UPDATE sandbox SET last_used_at = now() - interval '15 days' WHERE tenant_id = (SELECT id FROM tenant WHERE key = $1)`, [key]);
    expect(await sandboxes.removeIdle()).toEqual([key]);
    expect(await ds.query(`SELECT 1 FROM tenant WHERE key = $1`, [key])).toEqual([]);
    // the production tenant is all there
    const orgs = await ok(s, 'GET', '/api/organizations', undefined, f.tokens['t-admin']);
    expect((orgs.items ?? orgs).length).toBeGreaterThanOrEqual(6);
  });
});
