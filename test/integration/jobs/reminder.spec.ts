import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceBy, advanceTo, completedAt, resource } from './timer-helpers.js';

describe('a non-interrupting reminder R3/P7D while the task stays open', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'reminders', 'Asia/Kamchatka');
    await deploy(s, f, [resource('reminder.non-interrupting-cycle.bpmn')]);
    await advanceTo(s, f, '2027-02-01T09:00:00+12:00');
  });
  afterAll(async () => {
    await s.close();
  });

  test('given the task is left open, then the reminder fires exactly three times a week apart and never again, and the task stays open', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'self-analysis' }, f.tokens.teacher11);
    const r = await advanceBy(s, f, 'P10W');
    expect(r.jobs.filter((j: any) => j.ok).map((j: any) => j.firedAt)).toEqual([
      '2027-02-07T21:00:00.000Z', '2027-02-14T21:00:00.000Z', '2027-02-21T21:00:00.000Z',
    ]);
    expect(await completedAt(s, f, inst.id, 'remind')).toEqual(['2027-02-07T21:00:00.000Z', '2027-02-14T21:00:00.000Z', '2027-02-21T21:00:00.000Z']);
    expect(await completedAt(s, f, inst.id, 'reminded')).toHaveLength(3);
    const [task] = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.teacher11)).items;
    expect(task.elementId).toBe('fill-in');
    const jobs = await ok(s, 'GET', '/api/jobs', undefined, f.tokens['t-admin']);
    expect(jobs.items.filter((j: any) => j.processInstanceId === inst.id)).toEqual([]);

    await advanceBy(s, f, 'P1Y');
    expect(await completedAt(s, f, inst.id, 'remind')).toHaveLength(3);
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: {} }, f.tokens.teacher11);
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens['t-admin'])).state).toBe('completed');
  });

  test('given the task is completed after the first reminder, then the remaining reminders are cancelled', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'self-analysis' }, f.tokens.teacher11);
    await advanceBy(s, f, 'P8D');
    expect(await completedAt(s, f, inst.id, 'remind')).toHaveLength(1);
    const [task] = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.teacher11)).items;
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: {} }, f.tokens.teacher11);
    await advanceBy(s, f, 'P8W');
    expect(await completedAt(s, f, inst.id, 'remind')).toHaveLength(1);
  });
});
