import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceBy, advanceTo, completedAt, resource } from './timer-helpers.js';

describe('bad timer values: refused at deploy when static, an incident at run time when dynamic', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'bad-timers', 'Asia/Yekaterinburg');
    await deploy(s, f, [resource('bad-timers.dynamic-invalid.bpmn')]);
    await advanceTo(s, f, '2027-02-01T00:00:00+05:00');
  });
  afterAll(async () => {
    await s.close();
  });

  test('given unparsable static timers, when deployed, then the deployment is refused naming each element and nothing is stored', async () => {
    const r = await s.call('POST', '/api/deployments', { name: 'bad', resources: [resource('bad-timers.static-invalid.bpmn')] }, f.tokens['t-admin']);
    expect(r.status).toBe(400);
    const named = r.body.problems.map((p: any) => p.elementId);
    expect(named).toEqual(expect.arrayContaining(['start', 'wait-duration', 'wait-date', 'wait-cycle', 'wait-feel']));
    expect((await ok(s, 'GET', '/api/process-definitions?key=bad-static', undefined, f.tokens['t-admin'])).items).toEqual([]);
    expect((await ok(s, 'GET', '/api/jobs', undefined, f.tokens['t-admin'])).items).toEqual([]);
  });

  test.each([
    ['a number', 42],
    ['an unparsable text', 'two weeks'],
    ['a negative duration', '-P1D'],
  ])('given a FEEL timer that yields %s, when reached, then an incident is raised, the server stays up and the token waits; fixed and retried, it fires', async (_what, waitFor) => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'bad-dynamic', variables: { waitFor } }, f.tokens.teacher11);
    expect(inst.state).toBe('active');
    expect(inst.activeElementIds).toEqual(['wait']);
    const incidents = await ok(s, 'GET', `/api/incidents?processInstanceId=${inst.id}`, undefined, f.tokens['t-admin']);
    expect(incidents.items).toEqual([expect.objectContaining({ elementId: 'wait', kind: 'engine' })]);
    expect(incidents.items[0].message).toMatch(/timer|duration|date/i);
    expect((await s.call('GET', '/api/health')).status).toBe(200);
    expect((await advanceBy(s, f, 'P30D')).fired).toBe(0);

    await ok(s, 'PUT', `/api/process-instances/${inst.id}/variables`, { variables: { waitFor: 'P2D' } }, f.tokens['t-admin']);
    const retried = await ok(s, 'POST', `/api/incidents/${incidents.items[0].id}/retry`, undefined, f.tokens['t-admin']);
    expect(retried.resolved).toBe(true);
    const armedAt = (await ok(s, 'GET', '/api/clock', undefined, f.tokens['t-admin'])).now;
    await advanceBy(s, f, 'P3D');
    expect(await completedAt(s, f, inst.id, 'wait')).toEqual([new Date(Date.parse(armedAt) + 2 * 86_400_000).toISOString()]);
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens['t-admin'])).state).toBe('completed');
  });
});
