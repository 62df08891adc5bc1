import { DataSource } from 'typeorm';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { freePort } from '../../../server/src/database/embedded-database.js';
import { advanceBy, resource } from '../jobs/timer-helpers.js';

/** The value of one series (name and labels as printed), or undefined. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'metrics');
    await deploy(s, f, [resource('real-clock.short-duration.bpmn')]);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('GET /metrics from this machine answers in Prometheus text format with every listed series', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'short-wait' }, f.tokens.teacher11);
    await advanceBy(s, f, 'PT1M');
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11)).state).toBe('completed');
    await s.call('GET', '/api/health');

    const r = await fetch(`${s.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    // request latency by route pattern, engine commands, jobs by kind and outcome
    expect(value(text, 'http_request_duration_seconds_count{method="GET",route="/api/health",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.05",method="POST",route="\/api\/process-instances",status="201"\} \d+/);
    expect(value(text, 'engine_command_duration_seconds_count{command="startInstance",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'jobs_run_total{kind="timer",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'job_duration_seconds_count{kind="timer",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    // the state of the database: job lag and counts, incidents, the outbox
    for (const series of ['job_lag_seconds', 'jobs_due', 'jobs_locked', 'jobs_failed', 'incidents_open', 'mail_outbox_pending', 'mail_outbox_failed', 'mail_outbox_oldest_pending_seconds']) {
      expect([series, value(text, series)]).toEqual([series, expect.any(Number)]);
    }
    expect(value(text, 'jobs_due')).toBe(0);
    // pools and the process (event-loop lag)
    expect(value(text, 'db_pool_connections{pool="main",state="total"}')).toBeGreaterThan(0);
    expect(text).toContain('db_pool_connections{pool="read",state="idle"}');
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
    // no path ids in route labels: bounded series
    expect(text).not.toContain(inst.id);
  });

  test('job lag: a due job not yet run counts as due, its age as the lag (engine time)', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'short-wait' }, f.tokens.teacher11);
    // the simulated clock runs jobs only when advanced: a timer made an hour overdue waits
    await s.app.get(DataSource).query(`UPDATE job SET due_at = due_at - interval '1 hour' WHERE instance_id = $1`, [inst.id]);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(value(text, 'jobs_due')).toBe(1);
    expect(value(text, 'job_lag_seconds')).toBeGreaterThan(3500);
    await advanceBy(s, f, 'PT1M');
    const after = await (await fetch(`${s.url}/metrics`)).text();
    expect(value(after, 'jobs_due')).toBe(0);
    expect(value(after, 'job_lag_seconds')).toBe(0);
  });

  test('from another machine (or through a proxy) it is refused without a token', async () => {
    const r = await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('METRICS_TOKEN');
    // the web app's fallback does not swallow it, and it is not under /api
    expect((await fetch(`${s.url}/api/metrics`)).status).toBe(404);
  });
});

describe('metrics protected by a token, or on their own port', () => {
  test('METRICS_TOKEN: a bearer token is required, from anywhere', async () => {
    const s = await startTestServer({ METRICS_TOKEN: 'a-long-metrics-token-1234' });
    try {
      expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      const r = await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer a-long-metrics-token-1234', 'x-forwarded-for': '203.0.113.7' } });
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('job_lag_seconds');
    } finally {
      await s.close();
    }
  });

  test('METRICS_PORT: served on that port of METRICS_HOST only', async () => {
    const port = await freePort();
    const s = await startTestServer({ METRICS_PORT: String(port) });
    try {
      expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
      const r = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('incidents_open');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await s.close();
    }
    // closed with the server
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
