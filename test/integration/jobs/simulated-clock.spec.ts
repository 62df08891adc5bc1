import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceBy, advanceTo, completedAt, resource } from './timer-helpers.js';

describe('the simulated clock fires everything due on the way, in order, each at its own instant', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'clock', 'Europe/Moscow');
    await deploy(s, f, [resource('simulated-clock.chained-timers.bpmn')]);
    await advanceTo(s, f, '2027-03-01T09:00:00+03:00');
  });
  afterAll(async () => {
    await s.close();
  });

  test('given timers that create the next timer when they fire, when the clock jumps a day, then all fire within the jump at their own instants', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'chained' }, f.tokens.teacher11);
    const r = await advanceBy(s, f, 'P1D');
    expect(r.now).toBe('2027-03-02T06:00:00.000Z');
    expect(r.jobs.map((j: any) => [j.dueAt, j.firedAt])).toEqual([
      ['2027-03-01T07:00:00.000Z', '2027-03-01T07:00:00.000Z'], // 10:00 Moscow
      ['2027-03-01T07:30:00.000Z', '2027-03-01T07:30:00.000Z'], // 10:30
      ['2027-03-01T15:00:00.000Z', '2027-03-01T15:00:00.000Z'], // 18:00 Moscow of that day (FEEL date without zone = tenant zone)
    ]);
    expect(await completedAt(s, f, inst.id, 'third')).toEqual(['2027-03-01T15:00:00.000Z']);
    const done = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens['t-admin']);
    expect(done.state).toBe('completed');
    expect(new Date(done.endedAt).toISOString()).toBe('2027-03-01T15:00:00.000Z');
  });

  test('the clock reads back, refuses to go backwards and refuses bad input', async () => {
    const now = await ok(s, 'GET', '/api/clock', undefined, f.tokens['t-admin']);
    expect(now).toMatchObject({ tenant: 'clock', now: '2027-03-02T06:00:00.000Z', mode: 'simulated', timeZone: 'Europe/Moscow' });
    expect((await s.call('POST', '/api/clock/advance', { to: '2027-01-01T00:00:00Z' }, f.tokens['t-admin'])).status).toBe(400);
    expect((await s.call('POST', '/api/clock/advance', { duration: 'soon' }, f.tokens['t-admin'])).status).toBe(400);
    expect((await s.call('POST', '/api/clock/advance', { duration: 'P1D' }, f.tokens.teacher11)).status).toBe(403);
  });
});
