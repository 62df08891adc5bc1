import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(here, file), 'utf8');

async function count(url: string, sql: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows[0].n;
  } finally {
    await c.end();
  }
}

/** A second tenant: an administrator, a teacher and a methodist of one school (usernames are global: prefixed). */
async function otherTenant(s: TestServer): Promise<Record<string, string>> {
  const superToken = await s.login('admin', TEST_ADMIN_PASSWORD);
  await ok(s, 'POST', '/api/tenants', { key: 'feel-other', name: 'Другой регион', timeZone: 'Europe/Moscow' }, superToken);
  await ok(s, 'POST', '/api/deployments', { tenant: 'feel-other', name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, superToken);
  const region = (await ok(s, 'POST', '/api/organizations', { tenant: 'feel-other', name: 'Регион', level: 'region' }, superToken)).id;
  const school = (await ok(s, 'POST', '/api/organizations', { tenant: 'feel-other', name: 'Школа', level: 'school', parentId: region }, superToken)).id;
  const tokens: Record<string, string> = {};
  for (const [username, orgId, role] of [['fo-admin', region, 'admin'], ['fo-teacher', school, 'teacher'], ['fo-methodist', school, 'methodist']]) {
    await ok(s, 'POST', '/api/users', { tenant: 'feel-other', username, password: 'password-123', fullName: username, memberships: [{ orgId, role }] }, superToken);
    tokens[username] = await s.login(username, 'password-123');
  }
  return tokens;
}

// The FEEL bomb of issue #17: `=count(for i in 1..30000000 return i) > 0` blocked the event loop
// for ~60 s for every tenant and killed the process (heap). Timings are measured by
// scripts/feel-bomb-probe.mjs (RELIABILITY.md), not asserted here.
describe('FEEL under a budget: a bomb is refused at deploy or becomes an incident, other tenants keep answering', () => {
  let s: TestServer;
  let a: TenantFixture;
  let b: Record<string, string>;

  beforeAll(async () => {
    s = await startTestServer();
    a = await createTenantFixture(s, 'feel-a');
    b = await otherTenant(s);
    await ok(s, 'POST', '/api/deployments', { name: 'review', resources: [{ name: 'review.bpmn', content: read('user-task.happy-path.bpmn') }, { name: 'interview.form', content: read('interview.form') }] }, b['fo-admin']);
  });
  afterAll(async () => {
    await s.close();
  });

  test('the exact bomb in a condition is refused at deploy with a 400 in Russian naming the flow; nothing is stored', async () => {
    const before = await count(s.databaseUrl, `SELECT count(*)::int AS n FROM process_definition WHERE key = 'bomb'`);
    const r = await s.call('POST', '/api/deployments', { name: 'bomb', resources: [{ name: 'bomb.bpmn', content: read('feel-budget.range-bomb.bpmn') }] }, a.tokens['t-admin']);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/развёртывание отклонено/);
    expect(r.body.problems).toEqual([
      expect.objectContaining({
        resource: 'bomb.bpmn',
        elementId: 'f-bomb',
        message: expect.stringMatching(/элемент «f-bomb», condition: выражение FEEL «count\(for i in 1\.\.30000000 return i\) > 0» прервано: превышен предел «размер списка или диапазона»/),
      }),
    ]);
    expect(await count(s.databaseUrl, `SELECT count(*)::int AS n FROM process_definition WHERE key = 'bomb'`)).toBe(before);
  });

  test('the same bomb fed by data becomes an incident naming the gateway, while the other tenant’s requests keep answering', async () => {
    await deploy(s, a, [{ name: 'data-bomb.bpmn', content: read('feel-budget.variables-bomb.bpmn') }]);
    // three rounds: a bomb of tenant A and two requests of tenant B sent together, in flight at once
    const ids: string[] = [];
    const statuses: number[] = [];
    for (let round = 1; round <= 3; round++) {
      const [bomb, started, inbox] = await Promise.all([
        s.call('POST', '/api/process-instances', { processKey: 'data-bomb', variables: { n: 30_000_000 } }, a.tokens.teacher11),
        s.call('POST', '/api/process-instances', { processKey: 'review' }, b['fo-teacher']),
        s.call('GET', '/api/tasks', undefined, b['fo-methodist']),
      ]);
      expect(bomb.status).toBe(201);
      ids.push(bomb.body.id);
      statuses.push(started.status, inbox.status);
    }
    expect(statuses).toEqual([201, 200, 201, 200, 201, 200]);
    // the other tenant's work went on: its three instances each wait at their first task
    expect((await s.call('GET', '/api/tasks', undefined, b['fo-methodist'])).body.items).toHaveLength(3);

    for (const id of ids) {
      const inst = await ok(s, 'GET', `/api/process-instances/${id}`, undefined, a.tokens['t-admin']);
      expect(inst.state).toBe('active');
      expect(inst.incidents).toEqual([expect.objectContaining({ elementId: 'gw', message: expect.stringMatching(/прервано: превышен предел «размер списка или диапазона» \(50000\)/) })]);
    }
    // a fitting value goes through the same gateway
    const fine = await ok(s, 'POST', '/api/process-instances', { processKey: 'data-bomb', variables: { n: 10 } }, a.tokens.teacher11);
    expect((await ok(s, 'GET', `/api/process-instances/${fine.id}`, undefined, a.tokens['t-admin'])).incidents).toEqual([]);
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });
});
