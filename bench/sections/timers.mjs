// Section 5: how long timers that fall due at once take to fire on one server, in firings per
// second (the run's pgbench TPS is measured by bench/run.mjs on the same PostgreSQL).
//
// One instance of a process "start → timer catch (=fireAt) → end" is started through the API; the
// server is stopped; that instance (row and timer job) is cloned with set-based SQL into the
// other ones and every timer job is made due now; the server starts again (the job executor
// catches up with everything due) and the section waits until the last timer has fired. Each
// firing is one transaction: lock the job, lock the instance, run the engine, write state,
// history and the job's removal; a timer that fired twice is counted (must be 0).
//
//   JOB_GROUP_SIZE=32   timer jobs committed per transaction (the executor's default is 32)
//   BENCH_BATCH=256     JOB_BATCH_SIZE (default 256)
//   BENCH_PROFILE=1     count the SQL statements the firing phase sends (per firing) and their time
import pg from 'pg';
import { api, startInProcess } from '../lib/server.mjs';
import { startProfile, stopProfile } from '../lib/sql-profile.mjs';

const BATCH = process.env.BENCH_BATCH ?? '256';

const variant = {
  key: 'bench', name: 'Бенчмарк таймеров', levels: ['region', 'school'],
  roles: [{ key: 'teacher', name: 'Педагог', level: 'school' }],
};
const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="deadline" name="Ожидание срока" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait" name="Наступил срок">
      <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=fireAt</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" /><bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** The profile per firing (it was counted per 1). */
function stopProfileScale(p, firings) {
  return { statementsPerFiring: p.statementsPerUnit / firings, top: p.top.map((x) => ({ ...x, perUnit: x.perUnit / firings })) };
}

/** Fires `timers` due timers with JOB_CONCURRENCY `concurrency` on database `url`: { perSecond, fired, twice, … }. */
export async function runTimers(url, { timers, concurrency = 8 }) {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  let server;
  try {
    // --- one instance through the API -------------------------------------------------------
    server = await startInProcess(url, { DB_POOL_SIZE: '24' });
    const call = api(server.url);
    const superT = (await call('POST', '/api/auth/login', { username: 'admin', password: 'bench-admin' })).accessToken;
    await call('POST', '/api/tenants', { key: 'bench', name: 'Бенчмарк', timeZone: 'Asia/Almaty' }, superT);
    await call('POST', '/api/deployments', { tenant: 'bench', name: 'bench', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }, { name: 'deadline.bpmn', content: bpmn }] }, superT);
    const region = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Регион', level: 'region' }, superT);
    const school = await call('POST', '/api/organizations', { tenant: 'bench', name: 'Школа', level: 'school', parentId: region.id }, superT);
    await call('POST', '/api/users', { tenant: 'bench', username: 'bench-teacher', password: 'password-123', fullName: 'Педагог', memberships: [{ orgId: school.id, role: 'teacher' }] }, superT);
    const teacherT = (await call('POST', '/api/auth/login', { username: 'bench-teacher', password: 'password-123' })).accessToken;
    const template = await call('POST', '/api/process-instances', { processKey: 'deadline', variables: { fireAt: '2099-01-01T00:00:00Z' } }, teacherT);
    await server.close();
    server = undefined;
    const [job] = (await c.query(`SELECT id FROM job WHERE instance_id = $1 AND kind = 'timer'`, [template.id])).rows;

    // --- clone the waiting instance into `timers` instances, all due now ----------------------
    const g0 = performance.now();
    await c.query(`SET synchronous_commit = off`);
    await c.query(`CREATE UNLOGGED TABLE bench_ids AS SELECT gen_random_uuid() AS iid, gen_random_uuid() AS jid FROM generate_series(1, $1)`, [timers]);
    await c.query(`
      INSERT INTO process_instance (id, tenant_id, definition_id, process_key, business_key, org_id, state, engine_state, variables,
        active_element_ids, rev, root_instance_id, started_by, started_at)
      SELECT b.iid, p.tenant_id, p.definition_id, p.process_key, p.business_key, p.org_id, p.state,
        replace(replace(p.engine_state::text, p.id::text, b.iid::text), $2::text, b.jid::text)::jsonb, p.variables,
        p.active_element_ids, p.rev, b.iid, p.started_by, p.started_at
      FROM bench_ids b, process_instance p WHERE p.id = $1`, [template.id, job.id]);
    await c.query(`
      INSERT INTO job (id, tenant_id, kind, instance_id, definition_id, element_id, execution_id, due_at, payload, retries)
      SELECT b.jid, j.tenant_id, j.kind, b.iid, j.definition_id, j.element_id, j.execution_id, now() - interval '1 second', j.payload, j.retries
      FROM bench_ids b, job j WHERE j.id = $1`, [job.id]);
    await c.query(`VACUUM ANALYZE`);
    await c.query(`SET synchronous_commit = on`);
    const setupS = (performance.now() - g0) / 1000;

    // --- start the server: its executor catches up with everything due -----------------------
    const s0 = performance.now();
    server = await startInProcess(url, { DB_POOL_SIZE: '24', JOB_CONCURRENCY: String(concurrency), JOB_BATCH_SIZE: BATCH, JOB_GROUP_SIZE: process.env.JOB_GROUP_SIZE ?? '32' });
    const started = performance.now();
    startProfile();
    for (;;) {
      const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM job j JOIN bench_ids b ON b.jid = j.id`)).rows;
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const wall = (performance.now() - started) / 1000;
    const profiled = stopProfile(1);
    await server.close();
    server = undefined;
    const [span] = (await c.query(`
      SELECT count(*)::int AS n, extract(epoch FROM max(h.at) - min(h.at))::float AS seconds
      FROM history_event h JOIN bench_ids b ON b.iid = h.instance_id WHERE h.type = 'elementCompleted' AND h.element_id = 'wait'`)).rows;
    const [{ twice }] = (await c.query(`
      SELECT count(*)::int AS twice FROM (SELECT h.instance_id FROM history_event h JOIN bench_ids b ON b.iid = h.instance_id
        WHERE h.type = 'elementCompleted' AND h.element_id = 'wait' GROUP BY h.instance_id HAVING count(*) > 1) x`)).rows;
    const statements = profiled && stopProfileScale(profiled, span.n);
    return {
      timers, concurrency, batch: Number(BATCH), fired: span.n, twice, seconds: span.seconds, wallS: wall,
      perSecond: span.n / span.seconds, serverStartS: (started - s0) / 1000, setupS, statements,
    };
  } finally {
    if (server) await server.close().catch(() => undefined);
    await c.end().catch(() => undefined);
  }
}
