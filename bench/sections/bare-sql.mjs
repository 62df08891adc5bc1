// Section 2: the SQL one engine step needs, and nothing else, through node-pg with prepared
// statements — the practical ceiling for a step. Tables shaped like the engine's (uuid keys, the
// instance with a version and a jsonb of variables, open tasks by instance, history by instance).
// A process = start (instance + first task) and `tasks` steps; one step, in one transaction:
//   lock the instance (SELECT … FOR UPDATE), close the task (DELETE, as the engine does), open the
//   next (INSERT), two history rows (task completed, next task created), bump the version.
import pg from 'pg';
import { walBytes, walLsn } from '../lib/database.mjs';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS b_instance (id uuid PRIMARY KEY, version int NOT NULL, state text NOT NULL, variables jsonb NOT NULL, started_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS b_task (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), instance_id uuid NOT NULL, element_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX IF NOT EXISTS b_task_instance_idx ON b_task (instance_id);
  CREATE TABLE IF NOT EXISTS b_history (id bigserial PRIMARY KEY, instance_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT now(), type text NOT NULL, element_id text NOT NULL);
  CREATE INDEX IF NOT EXISTS b_history_instance_idx ON b_history (instance_id, at);`;

/** Runs `instances` processes of start + `tasks` steps on `clients` connections: { completionsPerSecond, … }. */
export async function runBareSql(url, { instances, tasks = 5, clients = 8 }) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(SCHEMA);
  const q = (c, name, text, values) => c.query({ name, text, values });
  let completions = 0;
  let next = 0;
  const lsn0 = await walLsn(pool);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    const c = await pool.connect();
    try {
      for (let i = next++; i < instances; i = next++) {
        await c.query('BEGIN');
        const { rows: [inst] } = await q(c, 'start', `INSERT INTO b_instance (id, version, state, variables) VALUES (gen_random_uuid(), 1, 'active', '{}') RETURNING id`, []);
        let { rows: [task] } = await q(c, 'open', 'INSERT INTO b_task (instance_id, element_id) VALUES ($1, $2) RETURNING id', [inst.id, 't1']);
        await q(c, 'hist', 'INSERT INTO b_history (instance_id, type, element_id) VALUES ($1, $2, $3)', [inst.id, 'taskCreated', 't1']);
        await c.query('COMMIT');
        for (let k = 1; k <= tasks; k++) {
          await c.query('BEGIN');
          await q(c, 'lock', 'SELECT version FROM b_instance WHERE id = $1 FOR UPDATE', [inst.id]);
          await q(c, 'close', 'DELETE FROM b_task WHERE id = $1', [task.id]);
          await q(c, 'hist', 'INSERT INTO b_history (instance_id, type, element_id) VALUES ($1, $2, $3)', [inst.id, 'taskCompleted', `t${k}`]);
          if (k < tasks) {
            ({ rows: [task] } = await q(c, 'open', 'INSERT INTO b_task (instance_id, element_id) VALUES ($1, $2) RETURNING id', [inst.id, `t${k + 1}`]));
            await q(c, 'hist', 'INSERT INTO b_history (instance_id, type, element_id) VALUES ($1, $2, $3)', [inst.id, 'taskCreated', `t${k + 1}`]);
          } else {
            await q(c, 'hist', 'INSERT INTO b_history (instance_id, type, element_id) VALUES ($1, $2, $3)', [inst.id, 'instanceCompleted', 'e']);
          }
          await q(c, 'bump', `UPDATE b_instance SET version = version + 1, variables = variables || $2, state = $3 WHERE id = $1`,
            [inst.id, JSON.stringify({ [`step${k}`]: true }), k < tasks ? 'active' : 'completed']);
          await c.query('COMMIT');
          completions++;
        }
      }
    } finally {
      c.release();
    }
  }));
  const wallMs = performance.now() - t0;
  const wal = await walBytes(pool, lsn0, await walLsn(pool));
  await pool.end();
  return { instances, tasks, clients, completions, seconds: wallMs / 1000, completionsPerSecond: completions / (wallMs / 1000), walBytesPerCompletion: wal / completions };
}
