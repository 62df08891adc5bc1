#!/usr/bin/env node
// `npm run bench`: the engine's speed as ratios to what the database can do, all sections in one
// run on ONE PostgreSQL (the embedded one by default, as `npm start` runs it; DATABASE_URL names
// another). Prints a table and writes JSON (bench/results/latest.json, or BENCH_OUT). Needs
// `npm run build` first. See BENCHMARKS.md for what each section does and the latest figures.
//
//   BENCH_QUICK=1                    small sizes for every section (a few minutes; figures are indicative)
//   BENCH_SECTIONS=pgbench,sql,engine,peer,timers,inbox   the sections to run (default: all)
//   BENCH_CLIENTS=8                  clients of pgbench, the bare SQL, the engine and the peer
//   BENCH_INSTANCES=400              processes (start + 5 tasks) per engine / peer / bare-SQL phase
//   BENCH_PGBENCH_SECONDS=15         pgbench's duration; BENCH_PGBENCH_SCALE=10
//   BENCH_TIMERS=100000              due timers
//   BENCH_INBOX_TASKS=1000000, BENCH_INBOX_USERS=50000, BENCH_INBOX_REQUESTS=4000,
//   BENCH_RATES=100,200,400, BENCH_RATE_SECONDS=10    the inbox
//   BENCH_DEPLOYS=20                 measured deploys of the 200-element diagram
//   BENCH_PGBENCH=/path/to/pgbench   the pgbench binary (default: see bench/lib/database.mjs)
//   BENCH_KEEP=1                     with DATABASE_URL: keep the sections' databases (bench_*) to EXPLAIN afterwards
//   BENCH_CPU_PROFILE=1              CPU profile of the in-process engine phase: top functions in the JSON, the profile in bench/results/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres, runPgbench } from './lib/database.mjs';
import { root } from './lib/paths.mjs';
import { runBareSql } from './sections/bare-sql.mjs';
import { runEngine } from './sections/engine.mjs';
import { runInbox } from './sections/inbox.mjs';
import { runPeer } from './sections/peer.mjs';
import { runTimers } from './sections/timers.mjs';

const quick = process.env.BENCH_QUICK === '1';
const num = (name, full, small) => Number(process.env[name] ?? (quick ? small : full));
const sizes = {
  clients: num('BENCH_CLIENTS', 8, 8),
  instances: num('BENCH_INSTANCES', 400, 60),
  pgbenchSeconds: num('BENCH_PGBENCH_SECONDS', 15, 5),
  pgbenchScale: num('BENCH_PGBENCH_SCALE', 10, 10),
  timers: num('BENCH_TIMERS', 100_000, 5_000),
  inboxTasks: num('BENCH_INBOX_TASKS', 1_000_000, 50_000),
  inboxUsers: num('BENCH_INBOX_USERS', 50_000, 5_000),
  inboxRequests: num('BENCH_INBOX_REQUESTS', 4000, 600),
  rates: (process.env.BENCH_RATES ?? (quick ? '100' : '100,200,400')).split(',').map(Number),
  rateSeconds: num('BENCH_RATE_SECONDS', 10, 3),
  deploys: num('BENCH_DEPLOYS', 20, 5),
};
const sections = new Set((process.env.BENCH_SECTIONS ?? 'pgbench,sql,engine,peer,timers,inbox').split(',').map((s) => s.trim()));
const outFile = path.resolve(process.env.BENCH_OUT ?? path.join(root, 'bench/results/latest.json'));

const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const cpu = os.cpus()[0]?.model ?? 'unknown';
const result = {
  at: new Date().toISOString(),
  machine: {
    cpu, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
  },
  quick, sizes,
};

const pgs = await openPostgres();
result.postgres = { kind: pgs.kind, version: pgs.version, settings: pgs.settings };
log(`PostgreSQL ${pgs.version} (${pgs.kind}); sizes ${JSON.stringify(sizes)}`);
try {
  if (sections.has('pgbench')) {
    log('1. pgbench TPC-B-like…');
    result.pgbench = await runPgbench(pgs, { clients: sizes.clients, seconds: sizes.pgbenchSeconds, scale: sizes.pgbenchScale });
  }
  if (sections.has('sql')) {
    log('2. the bare SQL of a step through node-pg…');
    result.bareSql = await runBareSql(await pgs.databaseUrl('bench_sql'), { instances: sizes.instances, clients: sizes.clients });
  }
  if (sections.has('engine')) {
    log('3. start + 5 user tasks: in-process, over HTTP; 7. deploy, RSS…');
    result.engine = await runEngine(await pgs.databaseUrl('bench_engine'), await pgs.databaseUrl('bench_http'), { instances: sizes.instances, clients: sizes.clients, deploys: sizes.deploys });
  }
  if (sections.has('peer')) {
    log('4. the peer (bpmn-engine, state in jsonb)…');
    result.peer = await runPeer(await pgs.databaseUrl('bench_peer'), { instances: sizes.instances, clients: sizes.clients });
  }
  if (sections.has('timers')) {
    log(`5. ${sizes.timers} timers due at once…`);
    result.timers = await runTimers(await pgs.databaseUrl('bench_timers'), { timers: sizes.timers, concurrency: 8 });
  }
  if (sections.has('inbox')) {
    log(`6. the inbox: ${sizes.inboxTasks} open tasks, ${sizes.inboxUsers} users…`);
    const r = await runInbox(await pgs.databaseUrl('bench_inbox'), {
      requests: sizes.inboxRequests, tasks: sizes.inboxTasks, users: sizes.inboxUsers, rates: sizes.rates, rateSeconds: sizes.rateSeconds,
    });
    Object.assign(result, { inboxData: r.data, inbox: r.inbox, alerts: r.alerts });
  }
} finally {
  await pgs.stop();
}
result.machine.loadAverageAtEnd = os.loadavg();

// --- the table --------------------------------------------------------------------------------
const tps = result.pgbench?.tps;
const ratio = (x) => (tps && x ? (x / tps).toFixed(2) : '—');
const n0 = (x) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const ms = (x) => (x === undefined ? '—' : `${x.toFixed(1)} ms`);
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : 'MISSED');
const rows = [];
const row = (figure, value, vsTpcb, target, ok) => rows.push([figure, value, vsTpcb, target, verdict(ok)]);
if (result.pgbench) row(`pgbench TPC-B-like (scale ${result.pgbench.scale}, ${result.pgbench.clients} clients, ${result.pgbench.seconds} s)`, `${n0(tps)} tps`, '1.00', '', undefined);
if (result.bareSql) row('bare SQL of one step through node-pg (start + 5 steps)', `${n0(result.bareSql.completionsPerSecond)} /s`, ratio(result.bareSql.completionsPerSecond), '', undefined);
const inproc = result.engine?.inProcess.completionsPerSecond;
const http = result.engine?.http.completionsPerSecond;
if (result.engine) {
  row('engine: start + 5 user tasks, in-process (completions)', `${n0(inproc)} /s`, ratio(inproc), '≥ 0.50 × TPC-B', tps ? inproc >= tps / 2 : undefined);
  row('engine: start + 5 user tasks, over HTTP (completions)', `${n0(http)} /s`, ratio(http), '≥ 0.25 × TPC-B', tps ? http >= tps / 4 : undefined);
}
if (result.engine?.inProcess.walBytesPerCompletion) {
  const kb = (b) => (b === undefined ? '—' : `${(b / 1024).toFixed(1)} kB`);
  row('WAL per transaction: pgbench / bare-SQL step / engine completion (in-process)',
    `${kb(result.pgbench?.walBytesPerTransaction)} / ${kb(result.bareSql?.walBytesPerCompletion)} / ${kb(result.engine.inProcess.walBytesPerCompletion)}`, '', '', undefined);
  row('engine: statements per completion (in-process, BENCH_PROFILE=1); engine state', `${result.engine.inProcess.statements ? result.engine.inProcess.statements.statementsPerUnit.toFixed(1) : '—'}; ${kb(result.engine.inProcess.engineStateBytes)}`, '', '', undefined);
}
if (result.peer) {
  row(`peer: ${result.peer.peer}, state in jsonb (completions)`, `${n0(result.peer.completionsPerSecond)} /s`, ratio(result.peer.completionsPerSecond), '', undefined);
  if (inproc) row('ours in-process ÷ peer', `${(inproc / result.peer.completionsPerSecond).toFixed(1)} ×`, '', '≥ 10 ×', inproc >= 10 * result.peer.completionsPerSecond);
  if (http) row('ours over HTTP ÷ peer', `${(http / result.peer.completionsPerSecond).toFixed(1)} ×`, '', '', undefined);
}
if (result.timers) {
  row(`${n0(result.timers.timers)} timers due at once (${result.timers.twice} fired twice)`, `${n0(result.timers.perSecond)} firings/s`, ratio(result.timers.perSecond), '≥ 0.50 × TPC-B',
    tps ? result.timers.perSecond >= tps / 2 && result.timers.twice === 0 : undefined);
}
if (result.inbox) {
  const d = result.inboxData;
  const i = result.inbox;
  row(`inbox (${n0(d.tasks)} open tasks, ${n0(d.users)} users), HTTP, 1 client`, `p50 ${ms(i.oneClient.p50)} / p95 ${ms(i.oneClient.p95)} / p99 ${ms(i.oneClient.p99)}`, '', '', undefined);
  for (const o of i.openLoop) row(`inbox, HTTP, ${o.rate} req/s (open loop)`, `p50 ${ms(o.p50)} / p95 ${ms(o.p95)} / p99 ${ms(o.p99)}`, '', '', undefined);
  row(`inbox, HTTP, ${i.closedLoop.clients} closed-loop clients (${n0(i.closedLoop.perSecond)} req/s)`, `p50 ${ms(i.closedLoop.p50)} / p95 ${ms(i.closedLoop.p95)} / p99 ${ms(i.closedLoop.p99)}`, '', 'p95 ≤ 10 ms', i.closedLoop.p95 <= 10);
  row(`overdue alerts of a municipality (${n0(result.alerts.overdue)} overdue), HTTP, 1 client`, `p50 ${ms(result.alerts.p50)} / p95 ${ms(result.alerts.p95)}`, '', 'p95 ≤ 50 ms', result.alerts.p95 <= 50);
}
if (result.engine) {
  row('deploy of a 200-element diagram, HTTP (warm median)', ms(result.engine.deploy.medianMs), '', '≤ 15 ms', result.engine.deploy.medianMs <= 15);
  row('server RSS at rest', `${n0(result.engine.rss.atRestMb)} MB`, '', '', undefined);
  row('server RSS under the HTTP load of (3) (peak)', `${n0(result.engine.rss.underLoadMb)} MB`, '', '≤ 200 MB', result.engine.rss.underLoadMb <= 200);
}
const table = [
  `machine: ${cpu}, ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB, ${result.machine.os}, Node ${process.version}; load average at start ${result.machine.loadAverageAtStart.map((x) => x.toFixed(1)).join(' ')}, at end ${result.machine.loadAverageAtEnd.map((x) => x.toFixed(1)).join(' ')}`,
  `PostgreSQL ${pgs.version}, ${pgs.kind}; pgbench: ${result.pgbench ? `${result.pgbench.version} (${result.pgbench.binary})` : 'not run'}${quick ? '; QUICK sizes' : ''}`,
  '',
  '| figure | value | ÷ TPC-B | target | |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
result.table = table;
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
console.log(table);
log(`JSON written to ${path.relative(process.cwd(), outFile) || outFile}`);
