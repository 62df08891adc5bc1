import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
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

const adminOf = (f: any) => f.demo.users.find((u: any) => u.memberships.some((m: any) => m.role === 'admin'));

/** Every instance of the tenant as its administrator sees them (pages of 500). */
async function allInstances(s: TestServer, token: string): Promise<any[]> {
  const out: any[] = [];
  for (let page = 1; ; page++) {
    const r = await ok(s, 'GET', `/api/process-instances?size=500&page=${page}`, undefined, token);
    out.push(...r.items);
    if (r.items.length < 500) return out;
  }
}

async function documentText(s: TestServer, token: string, instanceId: string, key: string): Promise<string> {
  const r = await fetch(`${s.url}/api/process-instances/${instanceId}/documents/${key}?format=docx`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 201) return '';
  const zip = await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

/**
 * The demo on a fresh start (DEMO_DATA=true): every variant folder deployed, its tenant with dozens of
 * teachers across its schools, and its routes played through a year by the runtime — so that some
 * routes have ended, others wait at every stage, some are overdue; indicators read plausible values;
 * every document template prints the name of the person the route is about.
 */
describe('demo data: every variant folder deployed at start, its tenant, people and a living year of routes (DEMO_DATA=true)', () => {
  let s: TestServer;
  let superToken: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ DEMO_DATA: 'true', PROCESSES_DIR: PROCESSES });
    superToken = await s.login('admin', TEST_ADMIN_PASSWORD);
    for (const f of folders) tokens[f.name] = await s.login(adminOf(f).username, adminOf(f).password);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  test('the repository has the four variants, each with demo data, a demo user for every declared role and dozens of teachers', () => {
    expect(folders.map((f) => f.name)).toEqual(expect.arrayContaining(['belorechensk', 'kamchatka', 'kazakhstan', 'motygino']));
    for (const f of folders) {
      expect(f.demo).not.toBeNull();
      const held = new Set(f.demo.users.flatMap((u: any) => u.memberships.map((m: any) => m.role)));
      expect(f.variant.roles.map((r: any) => r.key).filter((r: string) => !held.has(r))).toEqual([]);
      expect(held.has('admin') && held.has('supervisor')).toBe(true);
      // the people with a teacher's file: those holding the role with the most members
      const byRole = new Map<string, number>();
      for (const u of f.demo.users) for (const m of u.memberships) byRole.set(m.role, (byRole.get(m.role) ?? 0) + 1);
      expect(Math.max(...byRole.values())).toBeGreaterThanOrEqual(24);
    }
  });

  test.each(folders.map((f) => [f.name, f]))('%s: tenant, deployed processes, staff logins; routes ended, open at different stages, overdue', async (_name, f: any) => {
    const tenants = await ok(s, 'GET', '/api/tenants', undefined, superToken);
    const list = Array.isArray(tenants) ? tenants : tenants.items;
    expect(list.map((t: any) => t.key)).toContain(f.demo.tenant.key);
    const defs = await ok(s, 'GET', `/api/process-definitions?tenant=${f.demo.tenant.key}`, undefined, superToken);
    expect(defs.items.map((d: any) => d.key)).toEqual(expect.arrayContaining(f.processes));
    // every login of the staff (the teachers share the same password hash, made once)
    const teacherRole = [...f.demo.users.reduce((m: Map<string, number>, u: any) => {
      for (const x of u.memberships) m.set(x.role, (m.get(x.role) ?? 0) + 1);
      return m;
    }, new Map()).entries()].sort((a: any, b: any) => b[1] - a[1])[0][0];
    const staff = f.demo.users.filter((u: any) => !u.memberships.every((m: any) => m.role === teacherRole));
    for (const u of [...staff, f.demo.users.find((u: any) => u.memberships.some((m: any) => m.role === teacherRole))]) {
      expect(typeof (await s.login(u.username, u.password))).toBe('string');
    }

    const all = await allInstances(s, tokens[f.name]);
    const top = all.filter((i: any) => !i.parentInstanceId);
    expect(top.length).toBeGreaterThanOrEqual(2);
    // nothing stuck on an incident
    const incidents = await ok(s, 'GET', '/api/incidents?size=100', undefined, tokens[f.name]);
    expect((incidents.items ?? incidents).map((i: any) => `${i.elementId}: ${i.message}`)).toEqual([]);
    // ended routes, open ones at different stages, overdue ones (an open step past its due date)
    const now = Date.now();
    expect(all.filter((i: any) => i.state === 'completed').length).toBeGreaterThan(0);
    const open = all.filter((i: any) => i.state === 'active');
    expect(open.length).toBeGreaterThan(0);
    // at different stages (a tenant whose one cycle runs in the district has a single open route)
    expect(new Set(open.map((i: any) => i.activeElementIds.join(','))).size).toBeGreaterThanOrEqual(Math.min(4, open.length));
    expect(open.filter((i: any) => i.nextDueAt && new Date(i.nextDueAt).getTime() < now).length).toBeGreaterThan(0);
    // started across the year before the load, relative to the day of loading
    const starts = all.map((i: any) => new Date(i.startedAt).getTime());
    expect(now - Math.min(...starts)).toBeGreaterThan(200 * 86_400_000);
    expect(Math.max(...starts)).toBeLessThanOrEqual(now);
  }, 300_000);

  test.each(folders.map((f) => [f.name, f]))('%s: every indicator reads a plausible value — shares within 0–100 %%, some above 0; counts not negative', async (_name, f: any) => {
    const r = await ok(s, 'GET', '/api/indicators', undefined, tokens[f.name]);
    expect(r.items.map((i: any) => i.key).sort()).toEqual(f.variant.indicators.map((i: any) => i.key).sort());
    const shares = r.items.filter((i: any) => (i.kind ?? 'share') === 'share');
    for (const i of r.items) expect({ key: i.key, error: i.error }).toEqual({ key: i.key, error: undefined });
    for (const i of shares) {
      expect(i.value === null || (i.value >= 0 && i.value <= 1)).toBe(true);
      for (const b of i.breakdown ?? []) expect(b.value === null || (b.value >= 0 && b.value <= 1)).toBe(true);
    }
    expect(shares.filter((i: any) => i.value > 0).length).toBeGreaterThan(shares.length / 2);
    for (const i of r.items.filter((x: any) => x.kind === 'count' || x.kind === 'sum')) expect(i.value).toBeGreaterThanOrEqual(0);
  }, 300_000);

  test.each(folders.map((f) => [f.name, f]))('%s: every document template prints the name of the person a route is about (an organisation’s report: of the people it lists)', async (_name, f: any) => {
    const all = await allInstances(s, tokens[f.name]);
    const people = [...new Set(all.map((i: any) => i.subject?.fullName).filter(Boolean))] as string[];
    // the most advanced routes first: those that ended, then by how long they ran
    all.sort((a: any, b: any) => Number(b.state === 'completed') - Number(a.state === 'completed') || new Date(a.startedAt).getTime() - new Date(b.startedAt).getTime());
    for (const doc of f.variant.documents ?? []) {
      let printed = false;
      for (const inst of all.slice(0, 60)) {
        const listed = await ok(s, 'GET', `/api/process-instances/${inst.id}/documents`, undefined, tokens[f.name]);
        if (!listed.items.some((d: any) => d.key === doc.key)) continue;
        const text = await documentText(s, tokens[f.name], inst.id, doc.key);
        if (inst.subject?.fullName ? text.includes(inst.subject.fullName) : people.some((p) => text.includes(p))) {
          printed = true;
          break;
        }
      }
      expect({ document: doc.key, printsSubject: printed }).toEqual({ document: doc.key, printsSubject: true });
    }
  }, 300_000);

  test('the demo’s people were told of their tasks as they came: the teacher of her open step, the methodist of tasks since done', async () => {
    // (the notification listeners register when the modules initialise: before the seed, not at listen)
    const teacher = await s.login('kam-teacher1', 'demo-2026');
    const [own] = (await ok(s, 'GET', '/api/tasks?size=100', undefined, teacher)).items.filter((t: any) => t.elementId === 'choose-direction');
    const told = (await ok(s, 'GET', '/api/notifications?size=100', undefined, teacher)).items;
    expect(told.find((n: any) => n.taskId === own.id)).toMatchObject({ kind: 'task-created', task: { state: 'open' } });
    expect(told.find((n: any) => n.taskId === own.id).subject).toContain('Выбор направлений');

    const methodist = await s.login('kam-metodist-s33', 'demo-2026');
    const hers = (await ok(s, 'GET', '/api/notifications?size=100', undefined, methodist)).items;
    expect(hers.filter((n: any) => n.task?.state === 'open').length).toBeGreaterThan(0);
    expect(hers.filter((n: any) => n.task?.state === 'completed').length).toBeGreaterThan(0);
    // dated when the task came, in the demo's past, not at the load
    expect(Math.min(...hers.map((n: any) => new Date(n.createdAt).getTime()))).toBeLessThan(Date.now() - 7 * 86_400_000);
  }, 60_000);

  test('a second start deploys nothing new and loads no demo data twice', async () => {
    const key = folders[0].demo.tenant.key;
    const before = await ok(s, 'GET', `/api/process-definitions?tenant=${key}`, undefined, superToken);
    const deploymentsBefore = await ok(s, 'GET', `/api/deployments?tenant=${key}`, undefined, superToken);
    const instancesBefore = (await allInstances(s, tokens[folders[0].name])).length;
    // the loaders are idempotent: run them again in the same server through the seed service
    const { SeedService } = await import('../../../server/src/seed/seed.service.js');
    await s.app.get(SeedService).run();
    const after = await ok(s, 'GET', `/api/process-definitions?tenant=${key}`, undefined, superToken);
    expect(after.items.map((d: any) => `${d.key}@${d.version}`).sort()).toEqual(before.items.map((d: any) => `${d.key}@${d.version}`).sort());
    const deploymentsAfter = await ok(s, 'GET', `/api/deployments?tenant=${key}`, undefined, superToken);
    const count = (d: any) => (Array.isArray(d) ? d.length : d.total ?? d.items.length);
    expect(count(deploymentsAfter)).toBe(count(deploymentsBefore));
    expect((await allInstances(s, tokens[folders[0].name])).length).toBe(instancesBefore);
  }, 300_000);
});
