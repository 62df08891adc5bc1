// Section 4: the peer — `bpmn-engine` from npm running the same diagram (start + 5 user tasks),
// its state kept in PostgreSQL as jsonb: saved at each wait (INSERT at the start, UPDATE after each
// completion) and restored for each completion, in one transaction that locks the row:
//   BEGIN; SELECT state … FOR UPDATE; recover + resume; signal the waiting task; getState; UPDATE; COMMIT.
// The diagram is parsed once (its serialized moddle context is shared). It writes no history rows
// and no task rows (bpmn-engine has neither), so it does less than a step of ours; 8 clients share this process, like the in-process figure of ours.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { root } from '../lib/paths.mjs';
import { sequenceBpmn } from '../lib/server.mjs';

/** Runs `instances` processes of start + `tasks` completions on `clients` connections. */
export async function runPeer(url, { instances, tasks = 5, clients = 8 }) {
  const { Engine } = createRequire(`${root}/package.json`)('bpmn-engine');
  const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/bpmn-engine/package.json'), 'utf8')).version;
  // The diagram is parsed once, as a long-running service would keep it: every engine (new or
  // restored) starts from the same serialized moddle context, not from the XML.
  const sourceContext = await new Engine({ name: 'bench' })._serializeSource(sequenceBpmn('bench', tasks));
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(`CREATE TABLE IF NOT EXISTS peer_instance (id uuid PRIMARY KEY, version int NOT NULL, state jsonb NOT NULL)`);

  /** Runs `act` on `engine` until it waits in a task or ends; the id of that task (null: ended). */
  const settle = async (engine, listener, act) => {
    let waiting = null;
    let settled;
    const done = new Promise((r) => (settled = r));
    const onWait = (api) => {
      waiting = api.id;
      settled();
    };
    listener.on('wait', onWait);
    engine.once('end', settled);
    try {
      await act();
      let timer;
      await Promise.race([done, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the peer neither waits nor ends after 10 s')), 10_000)))]);
      clearTimeout(timer);
      return waiting;
    } finally {
      listener.off('wait', onWait);
      engine.off('end', settled);
    }
  };

  /** Completes task `t<k>` of instance `id` inside the caller's transaction. */
  const complete = async (c, id, k) => {
    const { rows: [row] } = await c.query({ name: 'peer-lock', text: 'SELECT state FROM peer_instance WHERE id = $1 FOR UPDATE', values: [id] });
    const restored = new Engine({ name: 'bench', sourceContext }).recover(row.state);
    const l = new EventEmitter();
    let execution;
    const resumedIn = await settle(restored, l, async () => (execution = await restored.resume({ listener: l })));
    if (resumedIn !== `t${k}`) throw new Error(`the restored peer waits in ${resumedIn}, not t${k}`);
    const nextTask = await settle(restored, l, async () => execution.signal({ id: `t${k}`, ok: true, k }));
    if (nextTask !== (k < tasks ? `t${k + 1}` : null)) throw new Error(`after t${k} the peer waits in ${nextTask}`);
    await c.query({ name: 'peer-save', text: 'UPDATE peer_instance SET state = $2, version = version + 1 WHERE id = $1', values: [id, JSON.stringify(await restored.getState())] });
  };

  const run = async (n) => {
    let completions = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      const c = await pool.connect();
      try {
        for (let i = next++; i < n; i = next++) {
          const engine = new Engine({ name: 'bench', sourceContext });
          const listener = new EventEmitter();
          const first = await settle(engine, listener, () => engine.execute({ listener, variables: { initiator: 'bench' } }));
          if (first !== 't1') throw new Error(`the peer waits in ${first}, not t1`);
          const { rows: [{ id }] } = await c.query({
            name: 'peer-insert', text: `INSERT INTO peer_instance (id, version, state) VALUES (gen_random_uuid(), 1, $1) RETURNING id`,
            values: [JSON.stringify(await engine.getState())],
          });
          for (let k = 1; k <= tasks; k++) {
            await c.query('BEGIN');
            try {
              await complete(c, id, k);
              await c.query('COMMIT');
            } catch (e) {
              await c.query('ROLLBACK');
              throw e;
            }
            completions++;
          }
        }
      } finally {
        c.release();
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    return { instances: n, completions, seconds, completionsPerSecond: completions / seconds };
  };
  await run(Math.min(40, instances)); // warm-up
  const r = await run(instances);
  const [{ bytes }] = (await pool.query(`SELECT avg(pg_column_size(state))::int AS bytes FROM peer_instance`)).rows;
  await pool.end();
  return { peer: `bpmn-engine ${version}`, stateBytes: bytes, ...r };
}
