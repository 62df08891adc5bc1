#!/usr/bin/env node
// Profiling aid (not part of `npm run bench`): the WAL records one user-task completion writes
// (pg_walinspect), the history rows of a start + 2 completions, and the indexes of the runtime
// tables — what a step costs the database beyond the bare SQL. Needs `npm run build`.
// Usage: node bench/wal-of-a-step.mjs
import pg from 'pg';
import { openPostgres } from './lib/database.mjs';
import { dist } from './lib/paths.mjs';
import { sequenceBpmn, setUpTenant, startInProcess } from './lib/server.mjs';

const pgs = await openPostgres();
const url = await pgs.databaseUrl('bench_wal');
const server = await startInProcess(url);
const db = new pg.Client({ connectionString: url });
try {
  const who = await setUpTenant(server.url, [{ name: 'bench.bpmn', content: sequenceBpmn('bench', 5) }]);
  const { StartInstanceCommand } = await import(dist('runtime/commands/start-instance.command.js'));
  const { CompleteUserTaskCommand } = await import(dist('runtime/commands/complete-user-task.command.js'));
  const start = server.app.get(StartInstanceCommand);
  const complete = server.app.get(CompleteUserTaskCommand);
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  const openTask = async (id) => (await db.query('SELECT id FROM user_task WHERE instance_id = $1', [id])).rows[0].id;
  const step = (id) => complete.execute({ user: who.methodist, taskId: id, variables: { ok: true } });
  // warm: pages and caches exist, then a checkpoint, then one completion to take the full-page images
  for (let i = 0; i < 20; i++) {
    const id = await start.execute({ user: who.teacher, dto: { processKey: 'bench' } });
    for (let k = 0; k < 5; k++) await step(await openTask(id));
  }
  await db.query('CHECKPOINT');
  const id = await start.execute({ user: who.teacher, dto: { processKey: 'bench' } });
  await step(await openTask(id));
  const lsn = async () => (await db.query('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l;
  const from = await lsn();
  await step(await openTask(id));
  const to = await lsn();
  const rels = new Map((await db.query(`SELECT relfilenode::text AS f, relname FROM pg_class`)).rows.map((r) => [r.f, r.relname]));
  const records = (await db.query(`SELECT resource_manager, record_type, record_length, fpi_length, block_ref FROM pg_get_wal_records_info($1, $2)`, [from, to])).rows;
  console.log(`one completion: ${(await db.query('SELECT pg_wal_lsn_diff($1, $2)::int AS d', [to, from])).rows[0].d} bytes of WAL in ${records.length} records`);
  for (const r of records) {
    const where = (r.block_ref || '').replace(/rel \d+\/\d+\/(\d+)/g, (m, f) => rels.get(f) ?? f).replace(/ fork main/g, '').slice(0, 90);
    console.log(`  ${r.resource_manager.padEnd(11)} ${r.record_type.padEnd(17)} ${String(r.record_length).padStart(5)} B  ${where}`);
  }
  const history = (await db.query(`SELECT type, element_id FROM history_event WHERE instance_id = $1 ORDER BY at, id`, [id])).rows;
  console.log(`history rows of start + 2 completions: ${history.length}: ${history.map((h) => `${h.type}${h.element_id ? `:${h.element_id}` : ''}`).join(' ')}`);
  const indexes = (await db.query(`SELECT tablename, indexname FROM pg_indexes
    WHERE tablename IN ('process_instance', 'user_task', 'task_candidate', 'history_event', 'notification') ORDER BY 1, 2`)).rows;
  console.log(`indexes: ${indexes.map((x) => `${x.tablename}.${x.indexname}`).join(', ')}`);
} finally {
  await db.end().catch(() => undefined);
  await server.close();
  await pgs.stop();
}
