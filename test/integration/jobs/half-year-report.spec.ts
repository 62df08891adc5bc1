import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceTo, resource } from './timer-helpers.js';

// Kazakhstan: half-year reports are due by 1 June and 1 October — midnight in the tenant's zone.
// Asia/Almaty is UTC+5 since 1 March 2024, so local midnight is 19:00 UTC the day before.
describe('half-year report deadlines: a repeating timer start fires on 1 June and 1 October at midnight Asia/Almaty', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'kz-region', 'Asia/Almaty');
    // the simulated clock starts at the machine's time: move it to the start of 2027 first
    await advanceTo(s, f, '2027-01-01T00:00:00+05:00');
  });
  afterAll(async () => {
    await s.close();
  });

  const startedOf = async (processKey: string) => {
    // instances started by a timer have no organisation: the superadmin sees them
    const list = await ok(s, 'GET', `/api/process-instances?tenant=${f.tenantKey}&processKey=${processKey}&size=100`, undefined, f.superToken);
    return (list.items as any[]).map((i) => new Date(i.startedAt).toISOString()).sort();
  };

  test('given a cron timer start "0 0 0 1 6,10 *", when three years pass, then one instance starts at each 1 June and 1 October local midnight and none between', async () => {
    await deploy(s, f, [resource('half-year-report.cron-start.bpmn')]);
    const jobs = await ok(s, 'GET', '/api/jobs', undefined, f.tokens['t-admin']);
    expect(jobs.items.filter((j: any) => j.kind === 'timer-start').map((j: any) => new Date(j.dueAt).toISOString())).toEqual(['2027-05-31T19:00:00.000Z']);

    // one minute before the first deadline nothing has started
    await advanceTo(s, f, '2027-05-31T23:59:00+05:00');
    expect(await startedOf('half-year-report')).toEqual([]);

    const r = await advanceTo(s, f, '2029-12-31T00:00:00+05:00');
    expect(r.jobs.filter((j) => j.kind === 'timer-start').map((j) => j.firedAt)).toEqual([
      '2027-05-31T19:00:00.000Z', '2027-09-30T19:00:00.000Z',
      '2028-05-31T19:00:00.000Z', '2028-09-30T19:00:00.000Z',
      '2029-05-31T19:00:00.000Z', '2029-09-30T19:00:00.000Z',
    ]);
    expect(await startedOf('half-year-report')).toEqual([
      '2027-05-31T19:00:00.000Z', '2027-09-30T19:00:00.000Z',
      '2028-05-31T19:00:00.000Z', '2028-09-30T19:00:00.000Z',
      '2029-05-31T19:00:00.000Z', '2029-09-30T19:00:00.000Z',
    ]);
    // each started instance waits at its report task for the ЦНППМ
    const list = await ok(s, 'GET', `/api/process-instances?tenant=${f.tenantKey}&processKey=half-year-report&size=100`, undefined, f.superToken);
    expect(list.items.map((i: any) => i.activeElementIds)).toEqual(Array(6).fill(['collect']));
    // and the cycle is armed for the next deadline, once
    const next = await ok(s, 'GET', '/api/jobs', undefined, f.tokens['t-admin']);
    expect(next.items.filter((j: any) => j.kind === 'timer-start').map((j: any) => new Date(j.dueAt).toISOString())).toEqual(['2030-05-31T19:00:00.000Z']);
  });

  test('given two ISO cycle timer starts (one static, one FEEL), when two years pass, then each fires on its own date at local midnight', async () => {
    await deploy(s, f, [resource('half-year-report.two-starts.bpmn')]);
    await advanceTo(s, f, '2031-12-31T00:00:00+05:00');
    expect(await startedOf('half-year-report-iso')).toEqual([
      '2030-05-31T19:00:00.000Z', '2030-09-30T19:00:00.000Z',
      '2031-05-31T19:00:00.000Z', '2031-09-30T19:00:00.000Z',
    ]);
  });
});
