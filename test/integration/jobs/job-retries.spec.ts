import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceBy, deployVariant, history, resource } from './timer-helpers.js';

// An `http` action against a local endpoint that fails first and then recovers: retries with
// back-off (10 s, then 60 s), an incident when the tries are used up, a retry through the API.
describe('job retries and incidents for a failing http action', () => {
  let s: TestServer;
  let f: TenantFixture;
  let endpoint: http.Server;
  let failuresLeft = 0;
  const calls: { at: number; url: string }[] = [];
  beforeAll(async () => {
    endpoint = http.createServer((req, res) => {
      calls.push({ at: Date.now(), url: req.url ?? '' });
      req.resume();
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end('down');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: true }));
      }
    });
    await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
    const { port } = endpoint.address() as AddressInfo;
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'retries', 'Asia/Krasnoyarsk');
    await deployVariant(s, f, { httpEndpoints: { rumcdo: { url: `http://127.0.0.1:${port}` } } });
    await deploy(s, f, [resource('job-retries.http-default.bpmn'), resource('job-retries.http-single-try.bpmn')]);
  });
  afterAll(async () => {
    await s.close();
    await new Promise((r) => endpoint.close(r));
  });

  const admin = () => f.tokens['t-admin'];

  test('given the endpoint answers 500 three times, then the job is tried 3 times with back-off, fails with an incident, and a retry after recovery completes it', async () => {
    failuresLeft = 3;
    calls.length = 0;
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'send-report' }, f.tokens.methodist11);
    expect(inst.activeElementIds).toEqual(['send']);

    // try 1 now, try 2 after 10 s, try 3 after a further 60 s
    const first = await advanceBy(s, f, 'PT9S');
    expect(first.jobs.map((j: any) => j.ok)).toEqual([false]);
    expect((await advanceBy(s, f, 'PT2S')).jobs.map((j: any) => j.ok)).toEqual([false]);
    expect((await advanceBy(s, f, 'PT58S')).fired).toBe(0);
    const third = await advanceBy(s, f, 'PT2S');
    expect(third.jobs.map((j: any) => j.error)).toEqual(['HTTP POST rumcdo answered 500']);
    expect(calls.map((c) => c.url)).toEqual(['/reports', '/reports', '/reports']);

    // nothing more happens by itself: the job is failed and an incident is open
    expect((await advanceBy(s, f, 'P1D')).fired).toBe(0);
    const failed = await ok(s, 'GET', '/api/jobs?state=failed', undefined, admin());
    expect(failed.items).toEqual([
      expect.objectContaining({ kind: 'action', processInstanceId: inst.id, elementId: 'send', state: 'failed', attempts: 3, retries: 3, lastError: 'HTTP POST rumcdo answered 500' }),
    ]);
    const incidents = await ok(s, 'GET', '/api/incidents', undefined, admin());
    expect(incidents.items).toEqual([
      expect.objectContaining({ processInstanceId: inst.id, elementId: 'send', kind: 'job-failed', jobId: failed.items[0].id, message: 'HTTP POST rumcdo answered 500' }),
    ]);
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, admin())).activeElementIds).toEqual(['send']);

    // the endpoint is back: retry the incident; the job runs at the next step of the clock
    const retried = await ok(s, 'POST', `/api/incidents/${incidents.items[0].id}/retry`, undefined, admin());
    expect(retried).toMatchObject({ retried: true, resolved: true });
    expect((await ok(s, 'GET', '/api/jobs?state=failed', undefined, admin())).items).toEqual([]);
    expect((await advanceBy(s, f, 'PT1S')).jobs.map((j: any) => j.ok)).toEqual([true]);
    expect(calls).toHaveLength(4);
    const after = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, admin());
    expect(after.activeElementIds).toEqual(['check']);
    expect(after.variables.response).toEqual({ status: 200, body: { accepted: true } });
    expect((await ok(s, 'GET', '/api/incidents', undefined, admin())).items).toEqual([]);
    const types = (await history(s, f, inst.id)).map((h) => h.type);
    expect(types.filter((t) => t === 'incidentRaised')).toHaveLength(1);
    expect(types.filter((t) => t === 'incidentResolved')).toHaveLength(1);
  });

  test('given the header retries=1, then the first failure is already an incident', async () => {
    failuresLeft = 1;
    calls.length = 0;
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'send-report-once' }, f.tokens.methodist11);
    await advanceBy(s, f, 'PT1S');
    const incidents = await ok(s, 'GET', `/api/incidents?processInstanceId=${inst.id}`, undefined, admin());
    expect(incidents.items).toEqual([expect.objectContaining({ elementId: 'send', kind: 'job-failed' })]);
    expect(calls).toHaveLength(1);
    expect((await advanceBy(s, f, 'P1D')).fired).toBe(0);
    await ok(s, 'POST', `/api/incidents/${incidents.items[0].id}/retry`, undefined, admin());
    await advanceBy(s, f, 'PT1S');
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, admin())).activeElementIds).toEqual(['check']);
  });
});
