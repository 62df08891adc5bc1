#!/usr/bin/env node
// Benchmark (not a test): instance starts and user-task completions per second, in-process and
// through HTTP, with 8 concurrent clients, next to pgbench's TPC-B-like TPS on the same embedded
// PostgreSQL in the same run. Needs `npm run build` first. Usage: node scripts/bench-engine.mjs [instances]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'server/dist/server/src', p);
const N = Number(process.argv[2] ?? 2000);
const CLIENTS = 8;

const { EmbeddedDatabase } = await import(dist('database/embedded-database.js'));
const { startServer } = await import(dist('bootstrap.js'));
const { loadConfig } = await import(dist('config/app-config.js'));
const { StartInstanceCommand } = await import(dist('runtime/commands/start-instance.command.js'));
const { CompleteUserTaskCommand } = await import(dist('runtime/commands/complete-user-task.command.js'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-'));
fs.chmodSync(dir, 0o755);
const db = new EmbeddedDatabase(dir);
const url = await db.start();
const u = new URL(url);

function pgbench() {
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  const base = ['-h', u.hostname, '-p', u.port, '-U', u.username];
  const admin = new pg.Client({ connectionString: url });
  return admin.connect()
    .then(() => admin.query('DROP DATABASE IF EXISTS bench_tpcb'))
    .then(() => admin.query('CREATE DATABASE bench_tpcb'))
    .then(() => admin.end())
    .then(() => {
      spawnSync('pgbench', [...base, '-i', '-q', '-s', '8', 'bench_tpcb'], { env, stdio: 'ignore' });
      const r = spawnSync('pgbench', [...base, '-c', String(CLIENTS), '-j', '2', '-T', '15', 'bench_tpcb'], { env, encoding: 'utf8' });
      const m = /tps = ([\d.]+)/.exec(r.stdout);
      if (!m) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
      return Number(m[1]);
    });
}

/** Node CPU milliseconds per operation of each phase, to tell a CPU-bound server from a database-bound one. */
const cpuPerOp = {};

async function pool(n, fn, label) {
  let next = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = next++; i < n; i = next++) await fn(i);
  }));
  const c = process.cpuUsage(c0);
  if (label) cpuPerOp[label] = (c.user + c.system) / 1000 / n;
  return (n / (performance.now() - t0)) * 1000;
}

const variant = { key: 'bench', name: 'Бенчмарк', levels: ['region', 'school'], roles: [{ key: 'teacher', name: 'Педагог', level: 'school' }, { key: 'methodist', name: 'Методист', level: 'school' }] };
const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="bench" name="Бенчмарк" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <bpmn:userTask id="t1" name="Задача"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

try {
  const tps = await pgbench();
  const server = await startServer(loadConfig({ DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin', DEMO_DATA: 'false', LOG_LEVEL: 'error', DB_POOL_SIZE: '20' }));
  const call = async (method, p, body, token) => {
    const r = await fetch(server.url + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const j = await r.json().catch(() => null);
    if (r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(j)}`);
    return j;
  };
  const superT = (await call('POST', '/api/auth/login', { username: 'admin', password: 'bench-admin' })).accessToken;
  await call('POST', '/api/tenants', { key: 'bench', name: 'Бенчмарк', timeZone: 'Europe/Moscow' }, superT);
  await call('POST', '/api/deployments', { tenant: 'bench', name: 'b', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }, { name: 'bench.bpmn', content: bpmn }] }, superT);
  const region = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Регион', level: 'region' }, superT);
  const school = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Школа', level: 'school', parentId: region.id }, superT);
  for (const [username, role] of [['bench-teacher', 'teacher'], ['bench-methodist', 'methodist']]) {
    await call('POST', '/api/users', { tenant: 'bench', username, password: 'password-123', fullName: username, memberships: [{ orgId: school.id, role }] }, superT);
  }
  const tokT = (await call('POST', '/api/auth/login', { username: 'bench-teacher', password: 'password-123' })).accessToken;
  const tokM = (await call('POST', '/api/auth/login', { username: 'bench-methodist', password: 'password-123' })).accessToken;
  const me = async (tok) => (await call('GET', '/api/auth/me', undefined, tok));
  const teacher = await me(tokT);
  const methodist = await me(tokM);
  // AuthUser as the guard builds it (the commands take it in their input).
  const authUser = (u2) => ({ id: u2.id, username: u2.username, fullName: u2.fullName, tenantId: u2.tenant.id, tenantKey: u2.tenant.key, isSuperadmin: false,
    memberships: u2.memberships.map((m) => ({ orgId: m.orgId, orgPath: `/${region.id}/${school.id}/`, role: m.role })) });
  const startInstance = server.app.get(StartInstanceCommand);
  const completeTask = server.app.get(CompleteUserTaskCommand);
  const tUser = authUser(teacher);
  const mUser = authUser(methodist);

  const taskIds = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const r = await c.query(`SELECT id FROM user_task ORDER BY created_at`);
    await c.end();
    return r.rows.map((x) => x.id);
  };

  const startIn = await pool(N, () => startInstance.execute({ user: tUser, dto: { processKey: 'bench' } }), 'startIn');
  const idsIn = await taskIds();
  const completeIn = await pool(idsIn.length, (i) => completeTask.execute({ user: mUser, taskId: idsIn[i], variables: { ok: true } }), 'completeIn');
  const startHttp = await pool(N, () => call('POST', '/api/process-instances', { processKey: 'bench' }, tokT), 'startHttp');
  const idsHttp = await taskIds();
  const completeHttp = await pool(idsHttp.length, (i) => call('POST', `/api/tasks/${idsHttp[i]}/complete`, { variables: { ok: true } }, tokM), 'completeHttp');
  await server.close();

  const f = (x) => x.toFixed(0).padStart(7);
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; PostgreSQL embedded (defaults); ${CLIENTS} concurrent clients; ${N} instances per phase`);
  console.log(`pgbench TPC-B-like (scale 8, ${CLIENTS} clients, 15 s):  ${f(tps)} tps`);
  console.log(`instance starts, in-process:                 ${f(startIn)} /s`);
  console.log(`task completions, in-process:                ${f(completeIn)} /s  (${(completeIn / tps).toFixed(2)} × pgbench; target ≥ 0.50)`);
  console.log(`instance starts, HTTP:                       ${f(startHttp)} /s`);
  console.log(`task completions, HTTP:                      ${f(completeHttp)} /s  (${(completeHttp / tps).toFixed(2)} × pgbench; target ≥ 0.25)`);
  console.log(`server CPU per operation (ms; client and server share this process for HTTP): ${Object.entries(cpuPerOp).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
} finally {
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
