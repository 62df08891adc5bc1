// The server under test: in this process (`startServer`, for calling its services directly) or as
// a child process (`node server/dist/server/src/main.js`, for HTTP load from another process and
// for its own RSS). Plus the JSON API helper and the tenant set-up the sections share.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { dist, root } from './paths.mjs';

/** The environment a benchmark server runs with. */
export function serverEnv(url, extra = {}) {
  return {
    DATABASE_URL: url, HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin', DEMO_DATA: 'false', LOG_LEVEL: 'error', DB_POOL_SIZE: '20', ...extra,
  };
}

/** Starts the server in this process: { url, app, close() }. */
export async function startInProcess(url, extra = {}) {
  const { startServer } = await import(dist('bootstrap.js'));
  const { loadConfig } = await import(dist('config/app-config.js'));
  const server = await startServer(loadConfig({ PORT: '0', ...serverEnv(url, extra) }));
  return { url: server.url.replace('localhost', '127.0.0.1'), app: server.app, close: () => server.close() };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/** Starts the built server as a child process: { url, pid, rssMb(), close() }. */
export async function startChild(url, extra = {}) {
  const port = await freePort();
  // BENCH_CPU_PROFILE=1: the server's whole run as a CPU profile in bench/results/server-profiles/
  const profile = process.env.BENCH_CPU_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/results/server-profiles')}`] : [];
  const child = spawn(process.execPath, [...profile, dist('main.js')], {
    cwd: root, env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), ...serverEnv(url, extra) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 600) throw new Error(`server not healthy after 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: base,
    pid: child.pid,
    /** Resident set size of the server process, MB. */
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A JSON API caller bound to a server's base URL. */
export function api(base) {
  return async function call(method, p, body, token) {
    const r = await fetch(base + p, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json().catch(() => null);
    if (r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(j)}`);
    return j;
  };
}

/** The variant of the engine sections: a region, its schools, a teacher and a methodist role. */
export const variant = {
  key: 'bench', name: 'Бенчмарк', levels: ['region', 'school'],
  roles: [{ key: 'teacher', name: 'Педагог', level: 'school' }, { key: 'methodist', name: 'Методист', level: 'school' }],
};

/**
 * The diagram of sections 3–4: start → `tasks` sequential user tasks offered to the methodists, each
 * due in 5 working days (a FEEL expression, as the regulations' tasks have; `dueDate: false` leaves it
 * out) → end. Also the deploy section's 200-element diagram (98 tasks, a name per version).
 */
export function sequenceBpmn(key = 'bench', tasks = 5, { name = 'Бенчмарк', dueDate = true } = {}) {
  const nodes = [];
  let prev = 's';
  for (let i = 1; i <= tasks; i++) {
    nodes.push(`<bpmn:sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="t${i}" />`,
      `<bpmn:userTask id="t${i}" name="Шаг ${i}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" />`
      + `${dueDate ? '<zeebe:taskSchedule dueDate="=add working days(today(), 5)" />' : ''}</bpmn:extensionElements></bpmn:userTask>`);
    prev = `t${i}`;
  }
  nodes.push(`<bpmn:sequenceFlow id="f${tasks + 1}" sourceRef="${prev}" targetRef="e" />`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${key}" targetNamespace="t">
  <bpmn:process id="${key}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="s" />
    ${nodes.join('\n    ')}
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

/**
 * Creates tenant `bench` with the variant and `resources`, a region with a school, a teacher and a
 * methodist there; returns their tokens and the AuthUser objects the services take (as the guard
 * builds them).
 */
export async function setUpTenant(base, resources) {
  const call = api(base);
  const superT = (await call('POST', '/api/auth/login', { username: 'admin', password: 'bench-admin' })).accessToken;
  await call('POST', '/api/tenants', { key: 'bench', name: 'Бенчмарк', timeZone: 'Europe/Moscow' }, superT);
  await call('POST', '/api/deployments', { tenant: 'bench', name: 'bench', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }, ...resources] }, superT);
  const region = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Регион', level: 'region' }, superT);
  const school = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Школа', level: 'school', parentId: region.id }, superT);
  for (const [username, role] of [['bench-teacher', 'teacher'], ['bench-methodist', 'methodist']]) {
    await call('POST', '/api/users', { tenant: 'bench', username, password: 'password-123', fullName: username, memberships: [{ orgId: school.id, role }] }, superT);
  }
  const login = async (username) => (await call('POST', '/api/auth/login', { username, password: 'password-123' })).accessToken;
  const tokT = await login('bench-teacher');
  const tokM = await login('bench-methodist');
  const authUser = async (tok) => {
    const me = await call('GET', '/api/auth/me', undefined, tok);
    return {
      id: me.id, username: me.username, fullName: me.fullName, tenantId: me.tenant.id, tenantKey: me.tenant.key, isSuperadmin: false,
      memberships: me.memberships.map((m) => ({ orgId: m.orgId, orgPath: `/${region.id}/${school.id}/`, role: m.role })),
    };
  };
  return { superT, tokT, tokM, teacher: await authUser(tokT), methodist: await authUser(tokM), region, school };
}
