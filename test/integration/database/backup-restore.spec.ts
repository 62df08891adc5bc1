import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer } from '../../../server/src/bootstrap.js';
import type { RunningServer } from '../../../server/src/bootstrap.js';
import { loadConfig, repoRoot } from '../../../server/src/config/app-config.js';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { createTestDatabase } from '../../support/test-db.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

// A review by the school's methodist, then an hour's wait, then the end.
const REVIEW_THEN_WAIT = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="review-wait" name="Проверка и ожидание" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
    <bpmn:userTask id="review" name="Проверить"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait" name="Час"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

/** Runs `npm run <script> -- args` against `databaseUrl`; resolves with its output, rejects on failure. */
function npmRun(script: string, args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: repoRoot(), env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`npm run ${script} failed: ${out}`))));
  });
}

/** The instances that have a job waiting (timers), in the database at `url`. */
async function instanceJobs(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT instance_id FROM job WHERE instance_id IS NOT NULL ORDER BY instance_id`)).rows.map((r: { instance_id: string }) => r.instance_id);
  } finally {
    await c.end();
  }
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const out: Record<string, number> = {};
    for (const r of rows) out[r.tablename] = (await c.query(`SELECT count(*)::int AS n FROM "${r.tablename}"`)).rows[0].n;
    return out;
  } finally {
    await c.end();
  }
}

describe('backup and restore', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-backup-'));
  let s: TestServer;
  let restored: RunningServer | undefined;
  let f: TenantFixture;
  afterAll(async () => {
    await s?.close();
    await restored?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a backup taken while instances wait on tasks and timers restores into an empty database, where the server goes on with every instance', async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'backup-region');
    await deploy(s, f, [{ name: 'review-wait.bpmn', content: REVIEW_THEN_WAIT }]);
    // one instance at its task, one past it waiting on its timer
    const atTask = await ok(s, 'POST', '/api/process-instances', { processKey: 'review-wait' }, f.tokens.teacher11);
    const atTimer = await ok(s, 'POST', '/api/process-instances', { processKey: 'review-wait' }, f.tokens.teacher11);
    const tasks = async (srv: TestServer | { call: TestServer['call'] }, instanceId: string): Promise<{ id: string }[]> =>
      (await srv.call('GET', `/api/supervision/instances/${instanceId}`, undefined, f.tokens['t-admin'])).body.tasks;
    const [first] = await tasks(s, atTimer.id);
    await ok(s, 'POST', `/api/tasks/${first.id}/complete`, { variables: {} }, f.tokens.methodist11);

    const folder = path.join(dir, 'backup');
    const out = await npmRun('backup', [folder], s.databaseUrl);
    expect(out).toMatch(/backup of \d+ tables/);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    // every job of the database is in it: the waiting instance's timer and the server's own (per-tenant digests, sandbox clean-up)
    expect(manifest.tables.find((t: { name: string }) => t.name === 'job').rows).toBe((await rowCounts(s.databaseUrl)).job);
    expect(await instanceJobs(s.databaseUrl)).toEqual([atTimer.id]);
    await s.close();

    // into an empty database; a second restore there is refused (it is no longer empty)
    const target = await createTestDatabase({ migrated: false });
    expect(await npmRun('restore', [folder], target)).toContain('restored');
    expect(await rowCounts(target)).toEqual(await rowCounts(s.databaseUrl));
    await expect(npmRun('restore', [folder], target)).rejects.toThrow('not empty');

    // the server on the restored database: same users, sessions, clock; the task and the timer go on
    restored = await startServer(loadConfig({ DATABASE_URL: target, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, DEMO_DATA: 'false', LOG_LEVEL: 'error', ENGINE_CLOCK: 'simulated' }));
    const r = restored;
    const call: TestServer['call'] = async (method, p, body, token) => {
      const res = await fetch(r.url + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
    const [second] = await tasks({ call }, atTask.id);
    expect(second).toBeDefined();
    expect([200, 201]).toContain((await call('POST', `/api/tasks/${second.id}/complete`, { variables: {} }, f.tokens.methodist11)).status);
    expect([200, 201]).toContain((await call('POST', '/api/clock/advance', { duration: 'PT2H' }, f.tokens['t-admin'])).status);
    for (const inst of [atTask, atTimer]) {
      expect((await call('GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11)).body.state).toBe('completed');
    }
  });
});
