import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceTo, deployVariant, resource } from './timer-helpers.js';

// A due date of 10 working days with the Russian production calendar (processes/calendars/ru.json).
describe('due dates in working days across the May holidays (Russian calendar, Europe/Moscow)', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'moscow', 'Europe/Moscow');
    await deployVariant(s, f, { calendar: 'ru' });
    await deploy(s, f, [resource('due-date.working-days.bpmn')]);
  });
  afterAll(async () => {
    await s.close();
  });

  const myTask = async (instanceId: string, query = '') =>
    (await ok(s, 'GET', `/api/tasks?processInstanceId=${instanceId}${query}`, undefined, f.tokens.methodist11)).items[0];

  test('given a task created on Friday 30 April 2027, then it is due on 18 May (1–3 and 8–10 May are days off), overdue from that midnight', async () => {
    await advanceTo(s, f, '2027-04-30T09:00:00+03:00');
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'plan-approval' }, f.tokens.teacher11);
    const task = await myTask(inst.id);
    // working days: 4, 5, 6, 7, 11, 12, 13, 14, 17, 18 May → due at 00:00 Moscow on 18 May
    expect(task.dueAt).toBe('2027-05-17T21:00:00.000Z');
    // follow-up after 5 working days: 4–7 and 11 May
    expect(task.followUpAt).toBe('2027-05-10T21:00:00.000Z');
    expect(task.overdue).toBe(false);

    await advanceTo(s, f, '2027-05-17T23:59:59+03:00');
    expect(await myTask(inst.id, '&overdue=true')).toBeUndefined();
    await advanceTo(s, f, '2027-05-18T00:00:01+03:00');
    const overdue = await myTask(inst.id, '&overdue=true');
    expect(overdue).toMatchObject({ id: task.id, overdue: true });

    // completing it leaves no overdue task behind
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: {} }, f.tokens.methodist11);
    expect(await myTask(inst.id, '&overdue=true')).toBeUndefined();
  });

  test('given the variant names no calendar any more, then only weekends count: from Friday 4 June the task is due on 18 June, not 21 June', async () => {
    await advanceTo(s, f, '2027-06-04T10:00:00+03:00');
    const withCalendar = await ok(s, 'POST', '/api/process-instances', { processKey: 'plan-approval' }, f.tokens.teacher11);
    // 7–11, 15–18, 21 June: 14 June (Russia Day moved from Saturday 12 June) is off
    expect((await myTask(withCalendar.id)).dueAt).toBe('2027-06-20T21:00:00.000Z');

    await deployVariant(s, f, {});
    const without = await ok(s, 'POST', '/api/process-instances', { processKey: 'plan-approval' }, f.tokens.teacher11);
    // 7–11, 14–18 June
    expect((await myTask(without.id)).dueAt).toBe('2027-06-17T21:00:00.000Z');
  });
});
