import { createTenantFixture, deploy, ok, resourcesBeside } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const file = resourcesBeside(import.meta.url);

describe('call activity on PostgreSQL: a child instance in the same transaction, escalation to the parent', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s);
    await deploy(s, f, [file('call-activity.escalated-parent.bpmn'), file('call-activity.escalating-child.bpmn')]);
  });
  afterAll(async () => {
    await s.close();
  });

  const childOf = async (parentId: string) =>
    (await ok(s, 'GET', '/api/process-instances?processKey=school-support', undefined, f.tokens['t-admin'])).items.find((i: any) => i.parentInstanceId === parentId);

  test('given the school level reports difficulties, then the municipal service gets a decision task while the school level goes on; both finish and the parent completes', async () => {
    const parent = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course' }, f.tokens.teacher11);
    expect(parent.activeElementIds).toEqual(['school-level']);
    const child = await childOf(parent.id);
    expect(child).toMatchObject({ state: 'active', orgId: f.orgs.school11, rootInstanceId: parent.id, activeElementIds: ['interview'] });

    const interview = (await ok(s, 'GET', `/api/tasks?processInstanceId=${child.id}`, undefined, f.tokens.methodist11)).items[0];
    await ok(s, 'POST', `/api/tasks/${interview.id}/complete`, { variables: { difficulties: true } }, f.tokens.methodist11);

    const afterEscalation = await ok(s, 'GET', `/api/process-instances/${parent.id}`, undefined, f.tokens['t-admin']);
    expect([...afterEscalation.activeElementIds].sort()).toEqual(['municipal-decision', 'school-level']);
    const decision = (await ok(s, 'GET', `/api/tasks?processInstanceId=${parent.id}`, undefined, f.tokens.municipal1)).items[0];
    expect(decision).toMatchObject({ elementId: 'municipal-decision', name: 'Решение ММС' });

    const reflection = (await ok(s, 'GET', `/api/tasks?processInstanceId=${child.id}`, undefined, f.tokens.methodist11)).items[0];
    expect(reflection.elementId).toBe('reflection');
    await ok(s, 'POST', `/api/tasks/${reflection.id}/complete`, { variables: {} }, f.tokens.methodist11);
    expect((await ok(s, 'GET', `/api/process-instances/${child.id}`, undefined, f.tokens['t-admin'])).state).toBe('completed');
    expect((await ok(s, 'GET', `/api/process-instances/${parent.id}`, undefined, f.tokens['t-admin'])).activeElementIds).toEqual(['municipal-decision']);

    await ok(s, 'POST', `/api/tasks/${decision.id}/complete`, { variables: {} }, f.tokens.municipal1);
    const done = await ok(s, 'GET', `/api/process-instances/${parent.id}`, undefined, f.tokens['t-admin']);
    expect(done).toMatchObject({ state: 'completed', variables: expect.objectContaining({ difficulties: true }) });
  });

  test('given the parent is cancelled, then its running child is terminated in the same transaction', async () => {
    const parent = await ok(s, 'POST', '/api/process-instances', { processKey: 'post-course' }, f.tokens.teacher11);
    const child = await childOf(parent.id);
    await ok(s, 'POST', `/api/process-instances/${parent.id}/cancel`, undefined, f.tokens['t-admin']);
    expect((await ok(s, 'GET', `/api/process-instances/${parent.id}`, undefined, f.tokens['t-admin'])).state).toBe('terminated');
    expect((await ok(s, 'GET', `/api/process-instances/${child.id}`, undefined, f.tokens['t-admin'])).state).toBe('terminated');
    expect((await ok(s, 'GET', `/api/tasks?processInstanceId=${child.id}`, undefined, f.tokens.methodist11)).items).toEqual([]);
  });
});
