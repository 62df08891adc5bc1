// Sections 3 and 7: a process of start + 5 sequential user tasks, 8 clients, completions/s —
// (a) in-process: the server's commands (start-instance, complete-user-task) run directly in this
//     process (no HTTP, no read of the instance's view after the start);
// (b) over HTTP: the built server as a child process, the load from another child process
//     (bench/lib/http-load.mjs, keep-alive sockets); the server's RSS at rest and under this load;
// then the deploy of a 200-element diagram over HTTP (warm median) on the same server.
// Both (a) and (b) find the next task's id with one indexed SELECT straight on the database (as the
// peer and the bare SQL know theirs), so only starts and completions go through the engine.
import { fork } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { walBytes, walLsn } from '../lib/database.mjs';
import { dist, root } from '../lib/paths.mjs';
import { api, sequenceBpmn, setUpTenant, startChild, startInProcess } from '../lib/server.mjs';
import { startCpuProfile, stopCpuProfile } from '../lib/cpu-profile.mjs';
import { startProfile, stopProfile } from '../lib/sql-profile.mjs';

const TASKS = 5;

/** The commands the HTTP handlers run, from the running Nest app. */
async function commands(app) {
  const { StartInstanceCommand } = await import(dist('runtime/commands/start-instance.command.js'));
  const { CompleteUserTaskCommand } = await import(dist('runtime/commands/complete-user-task.command.js'));
  return { complete: app.get(CompleteUserTaskCommand), start: app.get(StartInstanceCommand) };
}

async function inProcess(url, { instances, clients }) {
  const server = await startInProcess(url);
  try {
    const who = await setUpTenant(server.url, [{ name: 'bench.bpmn', content: sequenceBpmn('bench', TASKS) }]);
    const { start, complete } = await commands(server.app);
    const db = new pg.Pool({ connectionString: url, max: clients });
    const openTask = async (id) => (await db.query({ name: 'open-task', text: 'SELECT id FROM user_task WHERE instance_id = $1 LIMIT 1', values: [id] })).rows[0]?.id;
    const run = async (n) => {
      let completions = 0;
      let next = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await Promise.all(Array.from({ length: clients }, async () => {
        for (let i = next++; i < n; i = next++) {
          const id = await start.execute({ user: who.teacher, dto: { processKey: 'bench' } });
          for (let k = 0; k < TASKS; k++) {
            await complete.execute({ user: who.methodist, taskId: await openTask(id), variables: { ok: true, k } });
            completions++;
          }
        }
      }));
      const c = process.cpuUsage(c0);
      const seconds = (performance.now() - t0) / 1000;
      return { instances: n, completions, seconds, completionsPerSecond: completions / seconds, nodeCpuMsPerCompletion: (c.user + c.system) / 1000 / completions };
    };
    await run(Math.min(40, instances)); // warm-up: JIT, caches, plans
    startProfile();
    await startCpuProfile();
    const lsn0 = await walLsn(db);
    const r = await run(instances);
    r.cpuProfile = await stopCpuProfile(path.join(root, 'bench/results/engine-in-process.cpuprofile'));
    r.walBytesPerCompletion = (await walBytes(db, lsn0, await walLsn(db))) / r.completions;
    r.statements = stopProfile(r.completions);
    // the size of the engine state a step reads and rewrites, for an instance in its third task
    const probe = await start.execute({ user: who.teacher, dto: { processKey: 'bench' } });
    for (let k = 0; k < 2; k++) await complete.execute({ user: who.methodist, taskId: await openTask(probe), variables: { ok: true, k } });
    r.engineStateBytes = (await db.query('SELECT pg_column_size(engine_state) AS b FROM process_instance WHERE id = $1', [probe])).rows[0].b;
    await db.end();
    return r;
  } finally {
    await server.close();
  }
}

/** A diagram of 200 elements: the process, start, 98 user tasks, end and 99 sequence flows. */
const bigBpmn = (key, version) => sequenceBpmn(key, 98, { name: `Большой процесс, версия ${version}`, dueDate: false });

async function overHttp(url, { instances, clients, deploys }) {
  const server = await startChild(url);
  const loader = fork(path.join(root, 'bench/lib/http-load.mjs'));
  try {
    const who = await setUpTenant(server.url, [{ name: 'bench.bpmn', content: sequenceBpmn('bench', TASKS) }]);
    const load = (n) => new Promise((resolve, reject) => {
      loader.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
      loader.send({ baseUrl: server.url, mode: 'flow', clients, instances: n, tasks: TASKS, processKey: 'bench', starterToken: who.tokT, workerToken: who.tokM, dbUrl: url });
    });
    await load(Math.min(40, instances)); // warm-up
    await new Promise((r) => setTimeout(r, 2000));
    const rssAtRestMb = server.rssMb();
    let rssPeakMb = rssAtRestMb;
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, server.rssMb())), 250);
    const r = await load(instances);
    clearInterval(sampler);
    if (r.errors) throw new Error(`${r.errors} failed requests under the HTTP load`);
    const seconds = r.wallMs / 1000;

    // Deploy of a 200-element diagram: a new version each time (the name differs), warm median.
    const call = api(server.url);
    const times = [];
    for (let i = 0; i < deploys + 3; i++) {
      const t = performance.now();
      await call('POST', '/api/deployments', { tenant: 'bench', name: `big-${i}`, resources: [{ name: 'big.bpmn', content: bigBpmn('big', i) }] }, who.superT);
      if (i >= 3) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return {
      http: { instances, completions: r.completions, seconds, completionsPerSecond: r.completions / seconds },
      rss: { atRestMb: rssAtRestMb, underLoadMb: rssPeakMb },
      deploy: { elements: 200, runs: times.length, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times[times.length - 1] },
    };
  } finally {
    loader.kill();
    await server.close();
  }
}

/** Runs (a) on database `urlA` and (b) with the deploy on `urlB` of the same server. */
export async function runEngine(urlA, urlB, { instances, clients = 8, deploys = 20 }) {
  const inproc = await inProcess(urlA, { instances, clients });
  const rest = await overHttp(urlB, { instances, clients, deploys });
  return { inProcess: inproc, ...rest };
}
