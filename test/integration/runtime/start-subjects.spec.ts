/**
 * Whom a role holder may start a route about (`GET /api/process-definitions/:id/subjects`): the
 * role holders at and below the organisations where they hold a role allowed to start it — exactly
 * those `POST /api/process-instances { subjectId }` accepts.
 */
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="support" name="Сопровождение" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step" />
    <bpmn:userTask id="step" name="Шаг"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('whom a role holder may start a route about', () => {
  let s: TestServer;
  let f: TenantFixture;
  let definitionId = '';
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'start-subjects');
    await deploy(s, f, [
      { name: 'variant.json', content: JSON.stringify({ ...FIXTURE_VARIANT, processes: { support: { startRoles: ['methodist', 'municipal'] } } }) },
      { name: 'support.bpmn', content: BPMN },
    ]);
    [{ id: definitionId }] = (await ok(s, 'GET', '/api/process-definitions?key=support', undefined, f.tokens.methodist11)).items;
  });
  afterAll(async () => {
    await s.close();
  });

  const names = async (who: string, q = '') =>
    (await ok(s, 'GET', `/api/process-definitions/${definitionId}/subjects${q ? `?q=${encodeURIComponent(q)}` : ''}`, undefined, f.tokens[who])).items.map(
      (x: { fullName: string }) => x.fullName,
    );

  test('a school methodist: the role holders of her school; a municipal service: those of its municipality; by name', async () => {
    expect(await names('methodist11')).toEqual(['Методист школы 1-1', 'Учитель школы 1-1']);
    expect(await names('municipal1')).toEqual(['ММС района 1', 'Методист школы 1-1', 'Методист школы 1-2', 'Учитель школы 1-1', 'Учитель школы 1-2']);
    expect(await names('municipal1', 'учитель 1-2')).toEqual(['Учитель школы 1-2']);
  });

  test('a role that may not start the process may act for nobody; another tenant gets 404', async () => {
    expect(await names('teacher11')).toEqual([]);
    // nor start it: 403 naming the roles that may, by their names (in either language), not their keys
    const refused = await s.call('POST', '/api/process-instances', { processKey: 'support' }, f.tokens.teacher11, { 'accept-language': 'ru' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/могут запускать: Методист ОО, ММС$/);
    expect((await s.call('POST', '/api/process-instances', { processKey: 'support' }, f.tokens.teacher11)).body.message).toMatch(/may be started by: Методист ОО, ММС$/);
    expect((await s.call('GET', `/api/process-definitions/${definitionId}/subjects`, undefined, f.superToken)).status).toBe(200);
    // a methodist of another tenant
    await ok(s, 'POST', '/api/tenants', { key: 'ss-other', name: 'Другой регион', timeZone: 'Europe/Moscow' }, f.superToken);
    await ok(s, 'POST', '/api/deployments', { tenant: 'ss-other', name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, f.superToken);
    const region = await ok(s, 'POST', '/api/organizations', { tenant: 'ss-other', name: 'Регион', level: 'region' }, f.superToken);
    const school = await ok(s, 'POST', '/api/organizations', { tenant: 'ss-other', name: 'Школа', level: 'school', parentId: region.id }, f.superToken);
    await ok(s, 'POST', '/api/users', { tenant: 'ss-other', username: 'ss-other-m', password: 'password-123', fullName: 'Чужой методист', memberships: [{ orgId: school.id, role: 'methodist' }] }, f.superToken);
    const stranger = await s.login('ss-other-m', 'password-123');
    expect((await s.call('GET', `/api/process-definitions/${definitionId}/subjects`, undefined, stranger)).status).toBe(404);
    expect((await s.call('GET', '/api/process-definitions/nope/subjects', undefined, f.tokens.methodist11)).status).toBe(404);
  });

  test('everyone listed can be the subject of a start by that role holder', async () => {
    const [teacher] = (await ok(s, 'GET', `/api/process-definitions/${definitionId}/subjects?q=учитель`, undefined, f.tokens.methodist11)).items;
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'support', subjectId: teacher.id }, f.tokens.methodist11);
    expect(inst.subject).toMatchObject({ id: f.users.teacher11, fullName: 'Учитель школы 1-1' });
  });
});
