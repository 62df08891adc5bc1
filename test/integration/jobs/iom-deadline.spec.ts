import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceTo, completedAt, resource } from './timer-helpers.js';

// Motygino ИОМ procedure: a route lasts up to one year and may be extended up to 1.5 years.
// Modelled as a boundary timer `=iomEndDate` on "Реализация ИОМ"; when it fires the municipal
// service decides; an extension moves iomEndDate by six months and arms the same kind of timer
// on "Реализация продлённого ИОМ". Krasnoyarsk time (UTC+7).
describe('ИОМ deadline: one year, extendable by six months', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'krasnoyarsk', 'Asia/Krasnoyarsk');
    await deploy(s, f, [resource('iom-deadline.extension.bpmn')]);
    await advanceTo(s, f, '2027-01-15T10:00:00+07:00');
  });
  afterAll(async () => {
    await s.close();
  });

  // open tasks of the instance as the teacher and the municipal service see them
  const taskOf = async (instanceId: string) => [
    ...(await ok(s, 'GET', `/api/tasks?processInstanceId=${instanceId}`, undefined, f.tokens.teacher11)).items,
    ...(await ok(s, 'GET', `/api/tasks?processInstanceId=${instanceId}`, undefined, f.tokens.municipal1)).items,
  ] as any[];

  test('given an ИОМ started on 15 Jan 2027, when the year runs out and it is extended, then the deadline moves to 15 Jul 2028 local midnight and fires there', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'iom' }, f.tokens.teacher11);
    expect(inst.variables.iomEndDate).toBe('2028-01-15');

    // the last minute of the year: still carrying out the route
    await advanceTo(s, f, '2028-01-14T23:59:00+07:00');
    expect((await taskOf(inst.id)).map((t) => t.elementId)).toEqual(['carry-out']);

    // local midnight of 15 Jan 2028 (17:00 UTC the day before): the deadline fires, the route task ends
    await advanceTo(s, f, '2028-01-15T00:00:00+07:00');
    expect(await completedAt(s, f, inst.id, 'term-over')).toEqual(['2028-01-14T17:00:00.000Z']);
    const [decide] = await taskOf(inst.id);
    expect(decide.elementId).toBe('decide');

    await ok(s, 'POST', `/api/tasks/${decide.id}/complete`, { variables: { extend: true } }, f.tokens.municipal1);
    const extended = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens['t-admin']);
    expect(extended.variables.iomEndDate).toBe('2028-07-15');
    expect(extended.activeElementIds).toEqual(['carry-out-extended']);

    await advanceTo(s, f, '2028-07-14T23:59:59+07:00');
    expect((await taskOf(inst.id)).map((t) => t.elementId)).toEqual(['carry-out-extended']);
    await advanceTo(s, f, '2028-08-01T00:00:00+07:00');
    expect(await completedAt(s, f, inst.id, 'extended-term-over')).toEqual(['2028-07-14T17:00:00.000Z']);
    const ended = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens['t-admin']);
    expect(ended).toMatchObject({ state: 'completed' });
    expect(await completedAt(s, f, inst.id, 'expired')).toEqual(['2028-07-14T17:00:00.000Z']);
  });

  test('given an ИОМ completed before its year is over, then the deadline timer is cancelled and never fires', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'iom' }, f.tokens.teacher11);
    const [task] = await taskOf(inst.id);
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: {} }, f.tokens.teacher11);
    const jobs = await ok(s, 'GET', '/api/jobs', undefined, f.tokens['t-admin']);
    expect(jobs.items.filter((j: any) => j.processInstanceId === inst.id)).toEqual([]);
    await advanceTo(s, f, '2030-01-01T00:00:00+07:00');
    expect(await completedAt(s, f, inst.id, 'term-over')).toEqual([]);
    expect(await completedAt(s, f, inst.id, 'done')).toHaveLength(1);
  });
});
