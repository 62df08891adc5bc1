import fs from 'node:fs';
import path from 'node:path';
import { ok } from '../../support/fixtures.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { PROCESSES } from '../variants/variant-support.js';

/** Every variant folder of the repository, with its demo file when it has one. */
const folders = fs.readdirSync(PROCESSES).sort()
  .filter((f) => fs.existsSync(path.join(PROCESSES, f, 'variant.json')))
  .map((f) => ({
    name: f,
    variant: JSON.parse(fs.readFileSync(path.join(PROCESSES, f, 'variant.json'), 'utf8')),
    demo: fs.existsSync(path.join(PROCESSES, f, 'demo.json')) ? JSON.parse(fs.readFileSync(path.join(PROCESSES, f, 'demo.json'), 'utf8')) : null,
    processes: fs.readdirSync(path.join(PROCESSES, f)).filter((x) => x.endsWith('.bpmn'))
      .map((x) => /<bpmn:process id="([^"]+)"[^>]*isExecutable="true"/.exec(fs.readFileSync(path.join(PROCESSES, f, x), 'utf8'))?.[1]).filter(Boolean),
  }));

describe('demo data: every variant folder deployed at start, its tenant, people and instances loaded (DEMO_DATA=true)', () => {
  let s: TestServer;
  let superToken: string;
  beforeAll(async () => {
    s = await startTestServer({ DEMO_DATA: 'true', PROCESSES_DIR: PROCESSES });
    superToken = await s.login('admin', TEST_ADMIN_PASSWORD);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  test('the repository has the four variants, each with demo data and a demo user for every declared role', () => {
    expect(folders.map((f) => f.name)).toEqual(expect.arrayContaining(['belorechensk', 'kamchatka', 'kazakhstan', 'motygino']));
    for (const f of folders) {
      expect(f.demo).not.toBeNull();
      const held = new Set(f.demo.users.flatMap((u: any) => u.memberships.map((m: any) => m.role)));
      expect(f.variant.roles.map((r: any) => r.key).filter((r: string) => !held.has(r))).toEqual([]);
      expect(held.has('admin') && held.has('supervisor')).toBe(true);
    }
  });

  test.each(folders.map((f) => [f.name, f]))('%s: tenant, deployed processes, logins, instances in different stages, some overdue', async (_name, f: any) => {
    const tenants = await ok(s, 'GET', '/api/tenants', undefined, superToken);
    const list = Array.isArray(tenants) ? tenants : tenants.items;
    expect(list.map((t: any) => t.key)).toContain(f.demo.tenant.key);
    const defs = await ok(s, 'GET', `/api/process-definitions?tenant=${f.demo.tenant.key}`, undefined, superToken);
    expect(defs.items.map((d: any) => d.key)).toEqual(expect.arrayContaining(f.processes));

    const tokens: Record<string, string> = {};
    for (const u of f.demo.users) tokens[u.username] = await s.login(u.username, u.password);
    const admin = f.demo.users.find((u: any) => u.memberships.some((m: any) => m.role === 'admin'));
    const instances = await ok(s, 'GET', '/api/process-instances?size=100', undefined, tokens[admin.username]);
    const top = instances.items.filter((i: any) => !i.parentInstanceId);
    expect(top).toHaveLength(f.demo.instances.length);
    // different stages: not all instances (called ones included) wait at the same elements
    expect(new Set(instances.items.map((i: any) => i.activeElementIds.join(','))).size).toBeGreaterThan(2);

    let overdue = 0;
    for (const u of f.demo.users) {
      overdue += (await ok(s, 'GET', '/api/tasks?overdue=true&size=100', undefined, tokens[u.username])).total;
    }
    expect(overdue).toBeGreaterThan(0);
  }, 300_000);

  test('a second start deploys nothing new and loads no demo data twice', async () => {
    const before = await ok(s, 'GET', `/api/process-definitions?tenant=${folders[0].demo.tenant.key}`, undefined, superToken);
    const deploymentsBefore = await ok(s, 'GET', `/api/deployments?tenant=${folders[0].demo.tenant.key}`, undefined, superToken);
    // the loaders are idempotent: run them again in the same server through the seed service
    const { SeedService } = await import('../../../server/src/seed/seed.service.js');
    await s.app.get(SeedService).run();
    const after = await ok(s, 'GET', `/api/process-definitions?tenant=${folders[0].demo.tenant.key}`, undefined, superToken);
    expect(after.items.map((d: any) => `${d.key}@${d.version}`).sort()).toEqual(before.items.map((d: any) => `${d.key}@${d.version}`).sort());
    const deploymentsAfter = await ok(s, 'GET', `/api/deployments?tenant=${folders[0].demo.tenant.key}`, undefined, superToken);
    const count = (d: any) => (Array.isArray(d) ? d.length : d.total ?? d.items.length);
    expect(count(deploymentsAfter)).toBe(count(deploymentsBefore));
    const admin = folders[0].demo.users.find((u: any) => u.memberships.some((m: any) => m.role === 'admin'));
    const token = await s.login(admin.username, admin.password);
    const instances = await ok(s, 'GET', '/api/process-instances?size=100', undefined, token);
    expect(instances.items.filter((i: any) => !i.parentInstanceId)).toHaveLength(folders[0].demo.instances.length);
  }, 300_000);
});
