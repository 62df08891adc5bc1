import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { completedAt, resource } from './timer-helpers.js';

// The real clock: the executor wakes when a timer falls due, not at its next poll.
describe('timers on the real clock', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    // a poll interval of ten minutes: only the wake-up on the due time can fire a 2-second timer within the test
    s = await startTestServer({ JOB_POLL_INTERVAL_MS: '600000' });
    f = await createTenantFixture(s, 'real-clock', 'Asia/Omsk');
    await deploy(s, f, [resource('real-clock.short-duration.bpmn')]);
  });
  afterAll(async () => {
    await s.close();
  });

  test('given a timer due sooner than the next poll, then it fires when due, not a poll interval later', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'short-wait' }, f.tokens.teacher11);
    const started = Date.parse(inst.startedAt);
    let state = inst.state;
    for (let i = 0; i < 300 && state === 'active'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11)).state;
    }
    expect(state).toBe('completed');
    const [firedAt] = await completedAt(s, f, inst.id, 'wait');
    expect(Date.parse(firedAt) - started).toBeGreaterThanOrEqual(2_000);
  });

  test('a tenant on the real clock reads the machine’s time and cannot be moved (409, in Russian)', async () => {
    const before = Date.now();
    const clock = await ok(s, 'GET', '/api/clock', undefined, f.tokens['t-admin']);
    expect(clock).toMatchObject({ tenant: 'real-clock', mode: 'real', timeZone: 'Asia/Omsk' });
    expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(before);
    const moved = await s.call('POST', '/api/clock/advance', { duration: 'P1D' }, f.tokens['t-admin'], { 'accept-language': 'ru' });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: 'clock.realTime', message: expect.stringMatching(/реальному времени/) });
  });
});
