#!/usr/bin/env node
// Probe (not a test): the FEEL bomb of issue #17 against a real server with the default FEEL bounds.
// Measures how fast the bomb is refused at deploy, how fast a data-fed bomb becomes an incident, how
// long the event loop stalls meanwhile, and what another tenant's requests see. Figures go to
// RELIABILITY.md. Needs `npm run build -w server` first. Usage: node scripts/probe-feel-bomb.mjs [bombs]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'server/dist/server/src', p);
const BOMBS = Number(process.argv[2] ?? 10);

const { EmbeddedDatabase } = await import(dist('database/embedded-database.js'));
const { startServer } = await import(dist('bootstrap.js'));
const { loadConfig } = await import(dist('config/app-config.js'));
const { evaluateFeel, DEFAULT_FEEL_LIMITS } = await import(dist('engine/feel/feel-evaluator.js'));

const BOMB = 'count(for i in 1..30000000 return i) > 0';
const bpmn = (id, condition, groups = 'methodist') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" name="Проба" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" default="f-default" />
    <bpmn:sequenceFlow id="f-bomb" sourceRef="gw" targetRef="task"><bpmn:conditionExpression>=${condition.replace(/>/g, '&gt;')}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f-default" sourceRef="gw" targetRef="task" />
    <bpmn:userTask id="task" name="Задача"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${groups}" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" /><bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
const variant = { key: 'probe', name: 'Проба', levels: ['region', 'school'], roles: [{ key: 'teacher', name: 'Педагог', level: 'school' }, { key: 'methodist', name: 'Методист', level: 'school' }] };

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(0)} ms`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-feel-probe-'));
fs.chmodSync(dir, 0o755);
const db = new EmbeddedDatabase(dir);
const url = await db.start();
try {
  // the expression alone, in this process
  let t0 = performance.now();
  let cut = '';
  try {
    evaluateFeel(BOMB, {}, { now: new Date(), timeZone: 'UTC', calendar: { isWorkingDay: () => true } });
  } catch (e) {
    cut = e.message;
  }
  const evalMs = performance.now() - t0;

  const server = await startServer(loadConfig({ DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'probe-admin', DEMO_DATA: 'false', LOG_LEVEL: 'error' }));
  const call = async (method, p, body, token) => {
    const r = await fetch(server.url + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  const must = async (...a) => {
    const r = await call(...a);
    if (r.status >= 300) throw new Error(`${a[0]} ${a[1]} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const superT = (await must('POST', '/api/auth/login', { username: 'admin', password: 'probe-admin' })).accessToken;
  const tenant = async (key) => {
    await must('POST', '/api/tenants', { key, name: key, timeZone: 'Europe/Moscow' }, superT);
    await must('POST', '/api/deployments', { tenant: key, name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }] }, superT);
    const region = await must('POST', '/api/organizations', { tenant: key, name: 'Регион', level: 'region' }, superT);
    const school = await must('POST', '/api/organizations', { tenant: key, name: 'Школа', level: 'school', parentId: region.id }, superT);
    const tok = {};
    for (const [u, orgId, role] of [[`${key}-admin`, region.id, 'admin'], [`${key}-teacher`, school.id, 'teacher'], [`${key}-methodist`, school.id, 'methodist']]) {
      await must('POST', '/api/users', { tenant: key, username: u, password: 'password-123', fullName: u, memberships: [{ orgId, role }] }, superT);
      tok[role] = (await must('POST', '/api/auth/login', { username: u, password: 'password-123' })).accessToken;
    }
    return tok;
  };
  const a = await tenant('probe-a');
  const b = await tenant('probe-b');
  await must('POST', '/api/deployments', { name: 'ok', resources: [{ name: 'ok.bpmn', content: bpmn('ok', 'true') }] }, b.admin);

  t0 = performance.now();
  const refused = await call('POST', '/api/deployments', { name: 'bomb', resources: [{ name: 'bomb.bpmn', content: bpmn('bomb', BOMB) }] }, a.admin);
  const deployMs = performance.now() - t0;
  await must('POST', '/api/deployments', { name: 'data-bomb', resources: [{ name: 'data-bomb.bpmn', content: bpmn('data-bomb', 'count(for i in 1..n return i) > 0') }] }, a.admin);
  // the worst kind: every range fits, the product does not — cut by the step (or time) bound
  await must('POST', '/api/deployments', { name: 'step-bomb', resources: [{ name: 'step-bomb.bpmn', content: bpmn('step-bomb', 'count(for a in 1..n, b in 1..n return a * b) > 0') }] }, a.admin);

  const otherRequest = async () => {
    const t = performance.now();
    const r = await call('POST', '/api/process-instances', { processKey: 'ok' }, b.teacher);
    if (r.status !== 201) throw new Error(`other tenant: ${r.status}`);
    return performance.now() - t;
  };
  const baseline = [];
  for (let i = 0; i < 20; i++) baseline.push(await otherRequest());

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const bombMs = [];
  const during = [];
  let done = false;
  const other = (async () => {
    while (!done) during.push(await otherRequest());
  })();
  const stepMs = [];
  let stepCut = '';
  for (let i = 0; i < BOMBS; i++) {
    for (const [key, n, into] of [['data-bomb', 30_000_000, bombMs], ['step-bomb', 40_000, stepMs]]) {
      const t = performance.now();
      const r = await must('POST', '/api/process-instances', { processKey: key, variables: { n } }, a.teacher);
      into.push(performance.now() - t);
      const inst = await must('GET', `/api/process-instances/${r.id}`, undefined, a.admin);
      if (inst.incidents.length !== 1 || inst.incidents[0].elementId !== 'gw') throw new Error(`no incident: ${JSON.stringify(inst.incidents)}`);
      if (key === 'step-bomb') stepCut = inst.incidents[0].message;
    }
  }
  done = true;
  await other;
  loop.disable();
  await server.close();

  const bs = stats(bombMs);
  const base = stats(baseline);
  const dur = stats(during);
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; FEEL bounds ${JSON.stringify(DEFAULT_FEEL_LIMITS)}`);
  console.log(`bomb: =${BOMB}`);
  console.log(`evaluated alone:                       cut after ${ms(evalMs)} — ${cut}`);
  console.log(`deploy with the bomb in a condition:   HTTP ${refused.status} after ${ms(deployMs)} — ${refused.body?.problems?.[0]?.message}`);
  console.log(`start with the bomb fed by data (×${BOMBS}): incident on 'gw', start answered in p50 ${ms(bs.p50)}, max ${ms(bs.max)}`);
  const ss = stats(stepMs);
  console.log(`start with a product bomb (×${BOMBS}):     incident on 'gw', start answered in p50 ${ms(ss.p50)}, max ${ms(ss.max)} — ${stepCut}`);
  console.log(`event loop delay during the bombs:     max ${ms(loop.max / 1e6)}, mean ${ms(loop.mean / 1e6)}`);
  console.log(`other tenant's start, alone:           p50 ${ms(base.p50)}, max ${ms(base.max)} (${baseline.length} requests)`);
  console.log(`other tenant's start, during bombs:    p50 ${ms(dur.p50)}, max ${ms(dur.max)} (${during.length} requests, all 201)`);
} finally {
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
