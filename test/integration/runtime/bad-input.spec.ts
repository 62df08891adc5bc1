import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const valid = () => fs.readFileSync(path.join(here, 'user-task.happy-path.bpmn'), 'utf8');

async function count(url: string, table: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  } finally {
    await c.end();
  }
}

describe('bad input: a clear 4xx, nothing partial stored, the server stays up', () => {
  let s: TestServer;
  let f: TenantFixture;
  let admin: string;
  const deployRaw = (resources: unknown, token = admin) => s.call('POST', '/api/deployments', { name: 'bad', resources }, token);

  beforeAll(async () => {
    s = await startTestServer({ BODY_LIMIT: String(256 * 1024) });
    f = await createTenantFixture(s);
    admin = f.tokens['t-admin'];
    await deploy(s, f, [{ name: 'review.bpmn', content: valid() }, { name: 'interview.form', content: fs.readFileSync(path.join(here, 'interview.form'), 'utf8') }]);
  });
  afterAll(async () => {
    await s.close();
  });

  afterEach(async () => {
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });

  test('malformed XML is refused naming the resource', async () => {
    const before = await count(s.databaseUrl, 'deployment');
    const r = await deployRaw([{ name: 'broken.bpmn', content: '<bpmn:definitions><bpmn:process id="x">' }]);
    expect(r.status).toBe(400);
    expect(r.body.problems[0]).toMatchObject({ resource: 'broken.bpmn', message: expect.stringMatching(/BPMN|XML|readable/i) });
    expect(await count(s.databaseUrl, 'deployment')).toBe(before);
  });

  test('XML that is not BPMN is refused', async () => {
    const r = await deployRaw([{ name: 'note.bpmn', content: '<?xml version="1.0"?><note><to>x</to></note>' }]);
    expect(r.status).toBe(400);
    expect(r.body.problems[0].resource).toBe('note.bpmn');
  });

  test('a DTD / external entity is refused and never resolved', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + valid().replace(/^<\?xml[^>]*>/, '').replace('Рассмотрение', '&x;');
    const r = await deployRaw([{ name: 'xxe.bpmn', content: xxe }]);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).not.toContain('root:');
    expect(r.body.problems[0].message).toMatch(/DOCTYPE|ENTITY/);
  });

  test('an unknown element and a FEEL syntax error are both named with their element ids', async () => {
    const xml = valid()
      .replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end" /><bpmn:complexGateway id="cg" />')
      .replace('=difficulties = true', '=difficulties = (true');
    const r = await deployRaw([{ name: 'bad.bpmn', content: xml }]);
    expect(r.status).toBe(400);
    const ids = r.body.problems.map((p: any) => p.elementId);
    expect(ids).toEqual(expect.arrayContaining(['cg', 'f-help']));
  });

  test('a timer start whose FEEL value does not give a timer is refused at deploy naming the element; nothing is stored', async () => {
    const before = await count(s.databaseUrl, 'process_definition');
    const r = await deployRaw([{ name: 'timer-start.bad-feel.bpmn', content: fs.readFileSync(path.join(here, 'timer-start.bad-feel.bpmn'), 'utf8') }]);
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([expect.objectContaining({ resource: 'timer-start.bad-feel.bpmn', elementId: 'report-due' })]);
    expect(await count(s.databaseUrl, 'process_definition')).toBe(before);
  });

  test('a body over the limit is 413', async () => {
    const r = await deployRaw([{ name: 'big.bpmn', content: 'x'.repeat(300 * 1024) }]);
    expect(r.status).toBe(413);
  });

  test('an unknown process key is 404 naming the key; variables that are not an object are 400', async () => {
    const r = await s.call('POST', '/api/process-instances', { processKey: 'no-such-process' }, f.tokens.teacher11);
    expect(r.status).toBe(404);
    expect(r.body.message).toContain('no-such-process');
    const v = await s.call('POST', '/api/process-instances', { processKey: 'review', variables: [1, 2] }, f.tokens.teacher11);
    expect(v.status).toBe(400);
    expect(v.body.message).toContain('variables');
    const before = await count(s.databaseUrl, 'process_instance');
    const t = await s.call('POST', '/api/process-instances', { processKey: 'review', variables: 'x' }, f.tokens.teacher11);
    expect(t.status).toBe(400);
    expect(await count(s.databaseUrl, 'process_instance')).toBe(before);
  });

  test('a process that starts by itself (a timer start only) is 400 in Russian when started by hand, not a 500; nothing is written', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="yearly-report" name="Годовой отчёт" isExecutable="true">
    <bpmn:startEvent id="jan"><bpmn:timerEventDefinition><bpmn:timeCycle>R/2027-01-15T09:00:00/P1Y</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="jan" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
    await deploy(s, f, [{ name: 'yearly-report.bpmn', content: xml }]);
    const before = await count(s.databaseUrl, 'process_instance');
    const r = await s.call('POST', '/api/process-instances', { processKey: 'yearly-report' }, f.tokens.teacher11, { 'accept-language': 'ru' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'start.noManualStart', message: 'Процесс «Годовой отчёт» начинается сам — по сроку или по событию; запустить его вручную нельзя' });
    expect(await count(s.databaseUrl, 'process_instance')).toBe(before);
    const en = await s.call('POST', '/api/process-instances', { processKey: 'yearly-report' }, f.tokens.teacher11);
    expect(en.body.message).toBe('process "Годовой отчёт" starts by itself (on a timer or an event); it cannot be started by hand');
  });

  test('task completion with variables that are not an object is 400 and the task stays open', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'review' }, f.tokens.teacher11);
    const task = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
    const r = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: ['x'] }, f.tokens.methodist11);
    expect(r.status).toBe(400);
    expect((await ok(s, 'GET', `/api/tasks/${task.id}`, undefined, f.tokens.methodist11)).id).toBe(task.id);
  });

  test('a FEEL condition over a variable that does not exist is an incident naming it; fixing the variable and retrying moves on', async () => {
    const xml = valid().replace('=difficulties = true', '=missingFlag = true').replace('id="review"', 'id="review-incident"');
    await deploy(s, f, [{ name: 'incident.bpmn', content: xml }]);
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'review-incident' }, f.tokens.teacher11);
    const task = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'x' } }, f.tokens.methodist11);
    const stuck = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, admin);
    expect(stuck.state).toBe('active');
    expect(stuck.incidents).toHaveLength(1);
    expect(stuck.incidents[0]).toMatchObject({ elementId: 'gw', message: expect.stringContaining('missingFlag') });
    await ok(s, 'PUT', `/api/process-instances/${inst.id}/variables`, { variables: { missingFlag: false } }, admin);
    const retried = await ok(s, 'POST', `/api/incidents/${stuck.incidents[0].id}/retry`, undefined, admin);
    expect(retried.resolved).toBe(true);
    const done = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, admin);
    expect(done).toMatchObject({ state: 'completed', incidents: [] });
  });
});
