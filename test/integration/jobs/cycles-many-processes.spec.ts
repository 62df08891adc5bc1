import type pg from 'pg';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { clientOf, serverProcessesSuite, startServerProcess } from '../../support/server-process.js';

// A cycle per organisation (`startFor: { level: 'school' }`) on three real server processes sharing
// one database, on the real clock: each firing starts exactly one instance in every school, also when
// the same firing is run by several processes at once. Each firing's job is tripled (as a job taken
// over, or a firing scheduled twice, would run it), and every process claims one job per poll, so the
// copies run side by side in different processes and race on the `cycle_firing` claim.
const SCHOOLS = 30;
const FIRINGS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cycleBpmn = (start: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="school-cycle" name="Цикл школы" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R${FIRINGS}/${start}/PT4S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="plan" />
    <bpmn:userTask id="plan" name="План школы"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="plan" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('a cycle per organisation on several server processes: once per school and firing', () => {
  const suite = serverProcessesSuite();
  const procs = suite.procs;
  let databaseUrl: string;
  let db: pg.Client;
  let f: TenantFixture;

  beforeAll(() => {
    ({ databaseUrl, db } = suite);
  });

  test('given three processes and each firing run three times at once, then every school gets one instance per firing', async () => {
    for (let i = 0; i < 3; i++) procs.push(await startServerProcess(databaseUrl, { JOB_BATCH_SIZE: '1', JOB_POLL_INTERVAL_MS: '50' }));
    const api = clientOf(procs[0]);
    f = await createTenantFixture(api, 'cycles-many', 'Europe/Moscow');
    const schools = [f.orgs.school11, f.orgs.school12, f.orgs.school21];
    for (let n = schools.length; n < SCHOOLS; n++) {
      schools.push((await ok(api, 'POST', '/api/organizations', { name: `Школа ${n}`, level: 'school', parentId: n % 2 ? f.orgs.mun1 : f.orgs.mun2 }, f.tokens['t-admin'])).id);
    }
    await ok(api, 'POST', '/api/deployments', {
      name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify({ ...FIXTURE_VARIANT, processes: { 'school-cycle': { startFor: { level: 'school' } } } }) }],
    }, f.tokens['t-admin']);
    const first = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000);
    await deploy(api, f, [{ name: 'school-cycle.bpmn', content: cycleBpmn(first.toISOString().replace('.000Z', 'Z')) }]);
    // the first firing's job, tripled before it falls due (each copy schedules the next firing, so every firing runs three times)
    const copies = await db.query(
      `INSERT INTO job (id, tenant_id, kind, definition_id, element_id, due_at, payload)
       SELECT gen_random_uuid(), tenant_id, kind, definition_id, element_id, due_at, payload FROM job, generate_series(1, 2)
       WHERE tenant_id = $1 AND kind = 'timer-start'`,
      [f.tenantId],
    );
    expect(copies.rowCount).toBe(2);
    expect(Date.now()).toBeLessThan(first.getTime());

    // wait for the last firing (first + 8 s) and for its three copies to be gone
    const deadline = first.getTime() + 60_000;
    for (;;) {
      const [{ jobs }] = (await db.query(`SELECT count(*)::int AS jobs FROM job WHERE tenant_id = $1 AND kind = 'timer-start'`, [f.tenantId])).rows;
      if (jobs === 0) break;
      if (Date.now() > deadline) throw new Error(`timer-start jobs left: ${jobs}; ${procs.map((p) => p.output()).join('\n')}`);
      await sleep(200);
    }
    const perSchool = (await db.query(
      `SELECT org_id, count(*)::int AS n FROM process_instance WHERE tenant_id = $1 AND process_key = 'school-cycle' GROUP BY org_id`,
      [f.tenantId],
    )).rows;
    expect(Object.fromEntries(perSchool.map((r) => [r.org_id, r.n]))).toEqual(Object.fromEntries(schools.map((s) => [s, FIRINGS])));
    // one claim per school and firing, each naming the instance it started, the firings 4 s apart
    const claims = (await db.query(
      `SELECT c.fire_at, count(*)::int AS n, count(pi.id)::int AS started FROM cycle_firing c LEFT JOIN process_instance pi ON pi.id = c.instance_id
       WHERE c.tenant_id = $1 GROUP BY c.fire_at ORDER BY c.fire_at`,
      [f.tenantId],
    )).rows;
    expect(claims.map((c) => [new Date(c.fire_at).getTime() - first.getTime(), c.n, c.started])).toEqual([[0, SCHOOLS, SCHOOLS], [4000, SCHOOLS, SCHOOLS], [8000, SCHOOLS, SCHOOLS]]);
    expect((await db.query(`SELECT count(*)::int AS n FROM incident`)).rows[0].n).toBe(0);
  }, 120_000);
});
