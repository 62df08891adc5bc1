// HTTP load generator for the benchmarks, run as a child process (`fork`) so that the client's
// own CPU does not sit on the server's event loop: plain `http.request` on keep-alive sockets
// (Node's `fetch` costs several times more per request and, in the server's process, queues
// behind its work).
//
// The parent sends one message per run:
//   { baseUrl, requests: [{ path, token, tag }], mode: 'closed', clients, count }
//     — `clients` loops that each send the next request as soon as their previous answer came;
//   { baseUrl, requests, mode: 'open', rate, seconds }
//     — requests sent at a fixed rate (per second) whatever the answers (no coordinated omission:
//       latency counts from the planned send time);
// and gets back { latencies: [{ tag, ms }], wallMs, errors, items }. Request i uses requests[i % n].
//   { baseUrl, mode: 'flow', clients, instances, tasks, processKey, starterToken, workerToken, dbUrl }
//     — `clients` loops that each start an instance (POST /api/process-instances) and complete its
//       `tasks` user tasks one after the other (POST /api/tasks/:id/complete); the next task's id is
//       read from the database directly (not through the server); gets back { wallMs, completions, errors }.
import http from 'node:http';
import pg from 'pg';

function client(baseUrl, sockets) {
  const u = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return (path, token, method = 'GET', body = undefined) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) };
      const req = http.request({ host: u.hostname, port: u.port, path, method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(data);
    });
}

async function flow(msg) {
  const call = client(msg.baseUrl, msg.clients);
  const db = new pg.Pool({ connectionString: msg.dbUrl, max: msg.clients });
  let errors = 0;
  let completions = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: msg.clients }, async () => {
    for (let i = next++; i < msg.instances; i = next++) {
      const s = await call('/api/process-instances', msg.starterToken, 'POST', { processKey: msg.processKey });
      if (s.status !== 201) {
        errors++;
        continue;
      }
      const { id } = JSON.parse(s.body.toString('utf8'));
      for (let k = 0; k < msg.tasks; k++) {
        const { rows } = await db.query({ name: 'open-task', text: 'SELECT id FROM user_task WHERE instance_id = $1 LIMIT 1', values: [id] });
        if (!rows.length) {
          errors++;
          break;
        }
        const r = await call(`/api/tasks/${rows[0].id}/complete`, msg.workerToken, 'POST', { variables: { ok: true, k } });
        if (r.status === 200) completions++;
        else errors++;
      }
    }
  }));
  const wallMs = performance.now() - t0;
  await db.end();
  return { wallMs, completions, errors };
}

async function run(msg) {
  if (msg.mode === 'flow') return flow(msg);
  const { baseUrl, requests } = msg;
  const latencies = [];
  let errors = 0;
  let items = 0;
  const one = async (get, i, plannedAt) => {
    const r = requests[i % requests.length];
    const res = await get(r.path, r.token).catch(() => ({ status: 0, body: Buffer.alloc(0) }));
    const ms = performance.now() - plannedAt;
    if (res.status !== 200) errors++;
    else items += JSON.parse(res.body.toString('utf8')).items?.length ?? 0;
    latencies.push({ tag: r.tag, ms });
  };
  const t0 = performance.now();
  if (msg.mode === 'closed') {
    const get = client(baseUrl, msg.clients);
    let next = 0;
    await Promise.all(
      Array.from({ length: msg.clients }, async () => {
        for (let i = next++; i < msg.count; i = next++) await one(get, i, performance.now());
      }),
    );
  } else {
    const get = client(baseUrl, 256);
    const total = Math.round(msg.rate * msg.seconds);
    const interval = 1000 / msg.rate;
    const pending = [];
    for (let i = 0; i < total; i++) {
      const plannedAt = t0 + i * interval;
      const wait = plannedAt - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(one(get, i, plannedAt));
    }
    await Promise.all(pending);
  }
  return { latencies, wallMs: performance.now() - t0, errors, items };
}

process.on('message', (msg) => {
  run(msg).then(
    (result) => process.send(result),
    (e) => process.send({ error: String(e?.stack ?? e) }),
  );
});
