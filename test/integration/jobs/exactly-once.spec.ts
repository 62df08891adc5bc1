import type pg from 'pg';
import { createTenantFixture, deploy } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { clientOf, serverProcessesSuite, startServerProcess } from '../../support/server-process.js';
import type { ServerProcess as Proc } from '../../support/server-process.js';
import { resource } from './timer-helpers.js';

// Three real server processes (the built server, `npm run build` runs before the suites) share
// one PostgreSQL database. 10,000 timers fall due; one process is SIGKILLed in the middle. Its
// locked jobs are taken over after the lock expiry (JOB_LOCK_MS=3000); every timer fires exactly
// once — checked against history_event. Then every server stops, timers fall due meanwhile, and
// the next start fires them oldest first.
const TIMERS = Number(process.env.EXACTLY_ONCE_TIMERS ?? 10_000);
const t0 = Date.now();
const progress = (what: string) => process.env.EXACTLY_ONCE_VERBOSE && console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server process of this suite: the shared helper, its log kept when EXACTLY_ONCE_VERBOSE is set. */
const startProcess = (databaseUrl: string, env: Record<string, string> = {}): Promise<Proc> =>
  startServerProcess(databaseUrl, { ...(process.env.EXACTLY_ONCE_VERBOSE ? { LOG_LEVEL: 'log' } : {}), ...env });

describe('many processes, one database: every timer fires exactly once', () => {
  const suite = serverProcessesSuite();
  const procs = suite.procs;
  let databaseUrl: string;
  let db: pg.Client;
  let f: TenantFixture;

  beforeAll(() => {
    ({ databaseUrl, db } = suite);
  });

  const firings = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM history_event WHERE type = 'elementCompleted' AND element_id = 'wait'`)).rows[0].n as number;

  test('given 10,000 timers due at once on three processes, when one is SIGKILLed mid-way, then each fires once and its locked jobs are taken over', async () => {
    // b drains each claimed batch one job at a time, so it always holds locks for a while: the
    // SIGKILL below lands while it does, however fast the others fire (a test-timing setting only).
    procs.push(
      await startProcess(databaseUrl),
      await startProcess(databaseUrl, { JOB_CONCURRENCY: '1', JOB_GROUP_SIZE: '1' }),
      await startProcess(databaseUrl),
    );
    const [a, b, c] = procs;
    progress('three processes up');
    f = await createTenantFixture(clientOf(a), 'many-processes', 'Asia/Novosibirsk');
    await deploy(clientOf(a), f, [resource('exactly-once.timer-catch.bpmn')]);

    // 10,000 waiting instances: starting them one by one through the API costs minutes on two cores,
    // so three are started through the API (one per process) and cloned with set-based SQL (new
    // instance and job ids); every timer job is then made due at the same instant. The firing —
    // the subject here — is entirely the servers' work.
    const clients = procs.map(clientOf);
    const seeds: string[] = [];
    for (const client of clients) {
      const r = await client.call('POST', '/api/process-instances', { processKey: 'deadline', variables: { fireAt: '2099-01-01T00:00:00Z' } }, f.tokens.teacher11);
      expect(r.status).toBe(201);
      seeds.push(r.body.id);
    }
    await db.query(`CREATE TEMP TABLE clone AS SELECT gen_random_uuid() AS iid, gen_random_uuid() AS jid, n FROM generate_series(1, $1::int) n`, [TIMERS - 3]);
    await db.query(`
      INSERT INTO process_instance (id, tenant_id, definition_id, process_key, business_key, org_id, state, engine_state, variables,
        active_element_ids, rev, root_instance_id, started_by, started_at)
      SELECT c.iid, p.tenant_id, p.definition_id, p.process_key, p.business_key, p.org_id, p.state,
        replace(replace(p.engine_state::text, p.id::text, c.iid::text), j.id::text, c.jid::text)::jsonb, p.variables,
        p.active_element_ids, p.rev, c.iid, p.started_by, p.started_at
      FROM clone c JOIN process_instance p ON p.id = ($1::uuid[])[c.n % 3 + 1] JOIN job j ON j.instance_id = p.id`, [seeds]);
    await db.query(`
      INSERT INTO job (id, tenant_id, kind, instance_id, definition_id, element_id, execution_id, due_at, payload, retries)
      SELECT c.jid, j.tenant_id, j.kind, c.iid, j.definition_id, j.element_id, j.execution_id, j.due_at, j.payload, j.retries
      FROM clone c JOIN job j ON j.instance_id = ($1::uuid[])[c.n % 3 + 1]`, [seeds]);
    const created = [...seeds, ...(await db.query(`SELECT iid FROM clone`)).rows.map((r) => r.iid as string)];
    const fireAt = new Date(Date.now() + 3_000);
    expect((await db.query(`UPDATE job SET due_at = $1 WHERE kind = 'timer' AND instance_id = ANY($2::uuid[])`, [fireAt, created])).rowCount).toBe(TIMERS);
    progress(`created ${created.length}`);
    expect(new Set(created).size).toBe(TIMERS);

    // when a quarter has fired and b holds locks, kill b
    const owner = `%:${b.child.pid}:%`;
    let orphans: { id: string; instance_id: string; lock_expires_at: Date }[];
    const killDeadline = Date.now() + 90_000;
    for (;;) {
      if (Date.now() > killDeadline) throw new Error(`never found b holding locks mid-way (fired ${await firings()})`);
      const fired = await firings();
      if (fired >= TIMERS / 4) {
        const held = await db.query(`SELECT count(*)::int AS n FROM job WHERE lock_owner LIKE $1`, [owner]);
        if (held.rows[0].n > 0) {
          b.child.kill('SIGKILL');
          await b.exited;
          orphans = (await db.query(`SELECT id, instance_id, lock_expires_at FROM job WHERE lock_owner LIKE $1`, [owner])).rows;
          if (orphans.length) break;
          throw new Error('b released its locks before it died: kill again later is not possible');
        }
      }
      await sleep(20);
    }
    const killedAt = Date.now();
    progress(`killed b with ${orphans.length} locks, ${await firings()} fired`);
    expect(await firings()).toBeLessThan(TIMERS);

    // everything ends: the survivors take over b's jobs once its locks expire
    const doneDeadline = Date.now() + 120_000;
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM process_instance WHERE process_key = 'deadline' AND state = 'completed'`)).rows;
      if (n === TIMERS) break;
      if (Date.now() > doneDeadline) throw new Error(`only ${n} of ${TIMERS} instances completed; a: ${a.output()} c: ${c.output()}`);
      await sleep(200);
    }

    const perInstance = await db.query(
      `SELECT instance_id, count(*)::int AS n, min(at) AS at FROM history_event WHERE type = 'elementCompleted' AND element_id = 'wait' GROUP BY instance_id`,
    );
    expect(perInstance.rows).toHaveLength(TIMERS); // none lost
    expect(perInstance.rows.filter((r) => r.n !== 1)).toEqual([]); // none twice
    expect(new Set(perInstance.rows.map((r) => r.instance_id))).toEqual(new Set(created));
    // no timer fired before its due time
    expect(perInstance.rows.filter((r) => new Date(r.at) < fireAt)).toEqual([]);
    // b's locked jobs fired after their lock expired, on a survivor
    const byInstance = new Map(perInstance.rows.map((r) => [r.instance_id, new Date(r.at)]));
    for (const o of orphans) expect(byInstance.get(o.instance_id)!.getTime()).toBeGreaterThanOrEqual(new Date(o.lock_expires_at).getTime());
    expect((await db.query(`SELECT count(*)::int AS n FROM job WHERE kind = 'timer'`)).rows[0].n).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM incident`)).rows[0].n).toBe(0);
    console.log(`exactly-once: ${TIMERS} timers due at once; ` +
      `b killed holding ${orphans.length} locks; all fired ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
  }, 300_000);

  test('given every server is down while timers fall due, when one starts again, then they fire at once, oldest first, once each', async () => {
    const [a, , c] = procs;
    const client = clientOf(a);
    const base = Date.now() + 3_000;
    // created in shuffled order, due 100 ms apart
    const order = [3, 0, 4, 1, 2];
    const ids: Record<number, string> = {};
    for (const k of order) {
      const r = await client.call('POST', '/api/process-instances', { processKey: 'deadline', variables: { fireAt: new Date(base + k * 100).toISOString() } }, f.tokens.teacher11);
      expect(r.status).toBe(201);
      ids[k] = r.body.id;
    }
    a.child.kill('SIGKILL');
    c.child.kill('SIGKILL');
    await Promise.all([a.exited, c.exited]);
    expect(Date.now()).toBeLessThan(base); // every server is down before the first falls due
    await sleep(Math.max(0, base + 1_500 - Date.now()));
    expect((await db.query(`SELECT count(*)::int AS n FROM job WHERE instance_id = ANY($1::uuid[])`, [Object.values(ids)])).rows[0].n).toBe(5);

    // one job at a time makes the order observable (with more, jobs start oldest first and run side by side)
    const restarted = await startProcess(databaseUrl, { JOB_CONCURRENCY: '1' });
    procs.push(restarted);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { rows } = (await db.query(
        `SELECT instance_id FROM history_event WHERE type = 'elementCompleted' AND element_id = 'wait' AND instance_id = ANY($1::uuid[]) ORDER BY id`,
        [Object.values(ids)],
      ));
      if (rows.length >= 5) break;
      await sleep(100);
    }
    await sleep(500);
    const final = (await db.query(
      `SELECT instance_id FROM history_event WHERE type = 'elementCompleted' AND element_id = 'wait' AND instance_id = ANY($1::uuid[]) ORDER BY at, id`,
      [Object.values(ids)],
    )).rows;
    expect(final.map((r) => r.instance_id)).toEqual([0, 1, 2, 3, 4].map((k) => ids[k]));
  });
});
