// Section 6: latency of the inbox (`GET /api/tasks`) through HTTP with 1,000,000 open tasks and
// 50,000 users (by default; smaller through the run's env), and of the overdue alerts of one
// municipality (`GET /api/alerts?orgId=…`). Rows are generated with set-based SQL (INSERT … SELECT
// generate_series), then a sample of 240 role holders (methodists of a school, municipal services,
// teachers with assigned tasks) call the inbox from a second process (bench/lib/http-load.mjs): one
// client at a time; at fixed rates (open loop, latency counted from the planned send time); and 8
// closed-loop clients, which saturate the 2 cores and so measure queueing as much as the request.
// Targets: inbox p95 ≤ 10 ms, alerts p95 ≤ 50 ms.
//   BENCH_EXPLAIN=1       print EXPLAIN (ANALYZE, BUFFERS) of the inbox query for one holder of each kind
import { fork } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { dist, root } from '../lib/paths.mjs';
import { startCpuProfile, stopCpuProfile } from '../lib/cpu-profile.mjs';
import { api, startInProcess } from '../lib/server.mjs';

const ALERT_REQUESTS = 30;

const CLIENTS = 8;
const MUNICIPALITIES = 50;
const SCHOOLS = 2000; // 40 per municipality
const SAMPLE_USERS = 240; // role holders who log in and call the inbox

const variant = {
  key: 'bench',
  name: 'Бенчмарк входящих',
  levels: ['region', 'municipality', 'school'],
  roles: [
    { key: 'teacher', name: 'Педагог', level: 'school' },
    { key: 'methodist', name: 'Методист ОО', level: 'school' },
    { key: 'municipal', name: 'ММС', level: 'municipality' },
  ],
};
const bpmn = (key, name) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${key}" targetNamespace="t">
  <bpmn:process id="${key}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <bpmn:userTask id="t1" name="Проверить"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
const PROCESSES = [['post_course', 'Посткурсовое сопровождение'], ['iom', 'Индивидуальный маршрут'], ['monitoring', 'Мониторинг']];

/** Generates the tenant's rows with set-based SQL. */
async function generate(c, tenantId, regionId, passwordHash, definitions, { TASKS, USERS }) {
  const t0 = performance.now();
  const step = async (label, sql, params = []) => {
    const s = performance.now();
    const r = await c.query(sql, params);
    console.error(`  ${label.padEnd(34)} ${String(r.rowCount ?? '').padStart(8)} rows ${((performance.now() - s) / 1000).toFixed(1).padStart(6)} s`);
  };
  await c.query(`SET synchronous_commit = off`);
  await c.query(`SET maintenance_work_mem = '256MB'`);
  // Organisations: municipalities m = 1..50, schools s = 1..2000 (school s in municipality ((s-1) % 50) + 1).
  await step('organization (municipalities)', `
    INSERT INTO organization (id, tenant_id, parent_id, name, level, path)
    SELECT md5('mun' || m)::uuid, $1, $2::uuid, 'Район ' || m, 'municipality', '/' || $2::text || '/' || md5('mun' || m)::uuid || '/'
    FROM generate_series(1, ${MUNICIPALITIES}) m`, [tenantId, regionId]);
  await step('organization (schools)', `
    INSERT INTO organization (id, tenant_id, parent_id, name, level, path)
    SELECT md5('school' || s)::uuid, $1, md5('mun' || ((s - 1) % ${MUNICIPALITIES} + 1))::uuid, 'Школа ' || s, 'school',
      '/' || $2::text || '/' || md5('mun' || ((s - 1) % ${MUNICIPALITIES} + 1))::uuid || '/' || md5('school' || s)::uuid || '/'
    FROM generate_series(1, ${SCHOOLS}) s`, [tenantId, regionId]);
  // Users u = 1..USERS: 1..SCHOOLS methodists (one per school), next MUNICIPALITIES municipal services, the rest teachers.
  const firstTeacher = SCHOOLS + MUNICIPALITIES + 1;
  await step('app_user', `
    INSERT INTO app_user (id, tenant_id, username, password_hash, full_name)
    SELECT md5('user' || u)::uuid, $1, 'bench-' || u, $2, 'Пользователь ' || u FROM generate_series(1, ${USERS}) u`, [tenantId, passwordHash]);
  await step('membership', `
    INSERT INTO membership (user_id, org_id, role)
    SELECT md5('user' || u)::uuid,
      CASE WHEN u <= ${SCHOOLS} THEN md5('school' || u)::uuid
           WHEN u < ${firstTeacher} THEN md5('mun' || (u - ${SCHOOLS}))::uuid
           ELSE md5('school' || ((u - ${firstTeacher}) % ${SCHOOLS} + 1))::uuid END,
      CASE WHEN u <= ${SCHOOLS} THEN 'methodist' WHEN u < ${firstTeacher} THEN 'municipal' ELSE 'teacher' END
    FROM generate_series(1, ${USERS}) u`);
  // One open instance per task; task i: 70 % offered to the methodists of school (i / 10 % SCHOOLS) + 1 (350 per school),
  // 10 % to the municipal service of municipality (i / 10 % MUNICIPALITIES) + 1 (2,000 each), 20 % assigned to a teacher (~4 each).
  const teachers = USERS - firstTeacher + 1;
  await step('process_instance', `
    INSERT INTO process_instance (id, tenant_id, definition_id, process_key, org_id, state, root_instance_id, started_by, started_at, active_element_ids)
    SELECT md5('pi' || i)::uuid, $1, ($2::uuid[])[i % 3 + 1], ($3::text[])[i % 3 + 1], md5('school' || ((i / 10) % ${SCHOOLS} + 1))::uuid, 'active',
      md5('pi' || i)::uuid, md5('user' || (${firstTeacher} + i % ${teachers}))::uuid, now() - (i % 1000) * interval '1 hour', '{t1}'
    FROM generate_series(1, ${TASKS}) i`, [tenantId, definitions.map((d) => d.id), definitions.map((d) => d.key)]);
  await step('user_task', `
    INSERT INTO user_task (id, tenant_id, instance_id, definition_id, process_key, element_id, execution_id, name, org_id, assignee,
      candidate_roles, form_id, due_at, created_at)
    SELECT md5('task' || i)::uuid, $1, md5('pi' || i)::uuid, ($2::uuid[])[i % 3 + 1], ($3::text[])[i % 3 + 1], 't1', 'x' || i, 'Проверить',
      CASE WHEN i % 10 = 7 THEN md5('mun' || ((i / 10) % ${MUNICIPALITIES} + 1))::uuid ELSE md5('school' || ((i / 10) % ${SCHOOLS} + 1))::uuid END,
      CASE WHEN i % 10 IN (8, 9) THEN md5('user' || (${firstTeacher} + i % ${teachers}))::uuid END,
      CASE WHEN i % 10 = 7 THEN '{municipal}'::text[] WHEN i % 10 IN (8, 9) THEN '{}'::text[] ELSE '{methodist}'::text[] END,
      'review', now() + ((i::bigint * 7919) % 1440 - 720) * interval '1 hour', now() - (i % 1000) * interval '1 hour'
    FROM generate_series(1, ${TASKS}) i`, [tenantId, definitions.map((d) => d.id), definitions.map((d) => d.key)]);
  await step('task_candidate', `
    INSERT INTO task_candidate (task_id, role, org_id, due_at, assignee, created_at, process_key)
    SELECT id, candidate_roles[1], org_id, due_at, assignee, created_at, process_key FROM user_task WHERE tenant_id = $1 AND cardinality(candidate_roles) = 1`, [tenantId]);
  // VACUUM too: in steady state autovacuum has set the visibility map that index-only scans need.
  await step('vacuum analyze', `VACUUM ANALYZE`);
  console.error(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The inbox and alerts on database `url`: { inbox: {...}, alerts: {...} }. */
export async function runInbox(url, { requests: REQUESTS, tasks: TASKS, users: USERS, rates: RATES, rateSeconds: RATE_SECONDS }) {
let server;
const out = {};
try {
  server = await startInProcess(url);
  const call = api(server.url);
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  const superT = (await call('POST', '/api/auth/login', { username: 'admin', password: 'bench-admin' })).accessToken;
  {
    console.error(`generating ${TASKS} open tasks, ${USERS} users, ${SCHOOLS} schools in ${MUNICIPALITIES} municipalities…`);
    const tenant = await call('POST', '/api/tenants', { key: 'bench', name: 'Бенчмарк', timeZone: 'Europe/Moscow' }, superT);
    const dep = await call('POST', '/api/deployments', {
      tenant: 'bench', name: 'bench',
      resources: [{ name: 'variant.json', content: JSON.stringify(variant) }, ...PROCESSES.map(([k, n]) => ({ name: `${k}.bpmn`, content: bpmn(k, n) }))],
    }, superT);
    const region = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Регион', level: 'region' }, superT);
    // one user through the API for a real argon2 hash that every generated user shares
    const probe = await call('POST', '/api/users', { tenant: 'bench', username: 'bench-probe', password: 'password-123', fullName: 'probe', memberships: [{ orgId: region.id, role: 'supervisor' }] }, superT);
    const [{ password_hash: hash }] = (await c.query(`SELECT password_hash FROM app_user WHERE id = $1`, [probe.id])).rows;
    await generate(c, tenant.id, region.id, hash, dep.processDefinitions, { TASKS, USERS });
  }
  const counts = (await c.query(`SELECT (SELECT count(*) FROM user_task)::int AS tasks, (SELECT count(*) FROM app_user)::int AS users,
    (SELECT count(*) FROM task_candidate)::int AS candidates`)).rows[0];

  // The sample: methodists (one school each), municipal services, teachers; logged in through the API.
  const firstTeacher = SCHOOLS + MUNICIPALITIES + 1;
  const sample = [];
  for (let k = 0; k < SAMPLE_USERS; k++) {
    const kind = k % 8 < 5 ? 'methodist' : k % 8 < 6 ? 'municipal' : 'teacher';
    const n = kind === 'methodist' ? 1 + ((k * 37) % SCHOOLS) : kind === 'municipal' ? SCHOOLS + 1 + ((k * 7) % MUNICIPALITIES) : firstTeacher + ((k * 131) % (USERS - firstTeacher + 1));
    sample.push({ kind, username: `bench-${n}` });
  }
  for (const s of sample) s.token = (await call('POST', '/api/auth/login', { username: s.username, password: 'password-123' })).accessToken;

  /** AuthUser as the guard builds it, for in-process calls of TaskQueryService.list. */
  const authUsers = new Map();
  async function authUserOf(s) {
    if (authUsers.has(s.username)) return authUsers.get(s.username);
    const me = await call('GET', '/api/auth/me', undefined, s.token);
    const paths = (await c.query(`SELECT id, path FROM organization WHERE id = ANY($1)`, [me.memberships.map((m) => m.orgId)])).rows;
    const user = { id: me.id, username: me.username, fullName: me.fullName, tenantId: me.tenant.id, tenantKey: me.tenant.key, isSuperadmin: false,
      memberships: me.memberships.map((m) => ({ orgId: m.orgId, role: m.role, orgPath: paths.find((p) => p.id === m.orgId).path })) };
    authUsers.set(s.username, user);
    return user;
  }

  if (process.env.BENCH_EXPLAIN) {
    // The plan the inbox really uses: EXPLAIN of the same text through the read pool (generic plans).
    const { TaskQueryService } = await import(dist('runtime/instances/task-query.service.js'));
    const tasks = server.app.get(TaskQueryService);
    const reads = tasks.reads;
    const orig = reads.query.bind(reads);
    for (const kind of ['methodist', 'municipal', 'teacher']) {
      const user = await authUserOf(sample.find((x) => x.kind === kind));
      reads.query = async (sql, params) => {
        const plan = await orig(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.error(`--- ${kind}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}…\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
        return orig(sql, params);
      };
      await tasks.list(user, { scope: 'all', sort: 'dueAt' });
      reads.query = orig;
    }
  }

  const queries = ['scope=all&sort=dueAt', 'scope=candidate&sort=dueAt', 'scope=assigned&sort=-dueAt', 'scope=all&overdue=true&sort=dueAt', 'scope=all&sort=createdAt&page=3'];
  // Request i: role holder i % 240 with query ⌊i / 240⌋ % 5, so every holder sends every query.
  const requests = Array.from({ length: sample.length * queries.length }, (_, i) => {
    const s = sample[i % sample.length];
    return { path: `/api/tasks?${queries[Math.floor(i / sample.length) % queries.length]}`, token: s.token, tag: s.kind };
  });
  // The load comes from a second process (bench/lib/http-load.mjs), as from real clients.
  const loader = fork(path.join(root, 'bench/lib/http-load.mjs'));
  const baseUrl = server.url.replace('localhost', '127.0.0.1');
  const load = (msg) => new Promise((resolve, reject) => {
    loader.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    loader.send({ baseUrl, requests, ...msg });
  });
  const fmt = (arr) => {
    const x = [...arr].sort((a, b) => a - b);
    return `p50 ${percentile(x, 50).toFixed(1)} ms, p95 ${percentile(x, 95).toFixed(1)} ms, p99 ${percentile(x, 99).toFixed(1)} ms (n=${x.length})`;
  };
  const stats = (arr) => {
    const x = [...arr].sort((a, b) => a - b);
    return { n: x.length, p50: percentile(x, 50), p95: percentile(x, 95), p99: percentile(x, 99) };
  };
  const report = (label, r) => {
    const all = r.latencies.map((l) => l.ms);
    console.error(`  ${label.padEnd(24)} ${fmt(all)}; ${(all.length / r.wallMs * 1000).toFixed(0)} req/s${r.errors ? `; ${r.errors} ERRORS` : ''}`);
    if (r.errors) throw new Error(`${r.errors} failed inbox requests (${label})`);
    return all;
  };

  console.error(`data: ${counts.tasks} open tasks (${counts.candidates} candidate rows), ${counts.users} users; ${SCHOOLS} schools, ${MUNICIPALITIES} municipalities`);
  console.error(`GET /api/tasks through HTTP from a second process; ${sample.length} role holders (methodists, municipal services, teachers); queries: ${queries.join(' | ')}`);
  await load({ mode: 'closed', clients: CLIENTS, count: requests.length }); // warm-up: every holder, every query
  const seq = report('1 client', await load({ mode: 'closed', clients: 1, count: Math.min(1000, REQUESTS) }));
  const open = [];
  for (const rate of RATES) open.push([rate, report(`${rate} req/s (open loop)`, await load({ mode: 'open', rate, seconds: RATE_SECONDS }))]);
  await startCpuProfile();
  const closed = await load({ mode: 'closed', clients: CLIENTS, count: REQUESTS });
  out.cpuProfile = await stopCpuProfile(path.join(root, 'bench/results/inbox-8-clients.cpuprofile'));
  const sat = report(`${CLIENTS} clients (saturation)`, closed);
  for (const kind of ['methodist', 'municipal', 'teacher']) console.error(`    ${kind.padEnd(10)} ${fmt(closed.latencies.filter((l) => l.tag === kind).map((l) => l.ms))}`);
  console.error(`  ${(closed.items / closed.latencies.length).toFixed(1)} items per answer`);
  loader.kill();

  // The inbox query in-process without HTTP (TaskQueryService.list: the database part of the latency).
  const { TaskQueryService } = await import(dist('runtime/instances/task-query.service.js'));
  const taskService = server.app.get(TaskQueryService);
  const inByKind = { methodist: [], municipal: [], teacher: [] };
  const inLat = [];
  for (let i = 0; i < 500; i++) {
    const s = sample[(i * 7) % sample.length];
    const q = Object.fromEntries(new URLSearchParams(queries[i % queries.length]));
    if (q.page) q.page = Number(q.page);
    const user = await authUserOf(s);
    const a = performance.now();
    await taskService.list(user, q);
    const ms = performance.now() - a;
    inLat.push(ms);
    inByKind[s.kind].push(ms);
  }
  console.error(`  in-process TaskQueryService.list (no HTTP), 1 caller: ${fmt(inLat)}`);
  for (const [k, v] of Object.entries(inByKind)) console.error(`    ${k.padEnd(10)} ${fmt(v)}`);

  // The overdue alerts of one municipality, asked by a supervisor of the region (1 client).
  const supervisorT = (await call('POST', '/api/auth/login', { username: 'bench-probe', password: 'password-123' })).accessToken;
  const [mun] = (await c.query(`SELECT md5('mun1')::uuid AS id`)).rows;
  const alertLat = [];
  let alertTotal = 0;
  for (let i = 0; i < ALERT_REQUESTS + 3; i++) {
    const a = performance.now();
    const r = await call('GET', `/api/alerts?orgId=${mun.id}&limit=100`, undefined, supervisorT); // the first page, as the supervision page asks
    if (i >= 3) alertLat.push(performance.now() - a);
    alertTotal = r.total;
  }
  console.error(`  alerts of a municipality (${alertTotal} overdue), 1 client: ${fmt(alertLat)}`);
  out.data = { ...counts, schools: SCHOOLS, municipalities: MUNICIPALITIES, sampleUsers: sample.length };
  out.inbox = {
    oneClient: stats(seq),
    openLoop: open.map(([rate, l]) => ({ rate, ...stats(l) })),
    closedLoop: { clients: CLIENTS, ...stats(sat), perSecond: sat.length / (closed.wallMs / 1000) },
    inProcess: stats(inLat),
  };
  out.alerts = { overdue: alertTotal, ...stats(alertLat) };
  await c.end();
  return out;
} finally {
  await server?.close();
}
}
