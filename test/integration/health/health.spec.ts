import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

describe('foundation: health, OpenAPI, errors, web app', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  test('GET /api/health reports the database, migrations and job executor ok', async () => {
    const r = await s.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: 'ok', migrations: { applied: expect.any(Number), pending: 0 }, jobExecutor: 'running' });
    expect(r.body.migrations.applied).toBeGreaterThanOrEqual(2);
  });

  test('the OpenAPI document is served at /api/docs and lists the health endpoint', async () => {
    const html = await s.call('GET', '/api/docs');
    expect(html.status).toBe(200);
    expect(String(html.body)).toContain('swagger');
    const json = await s.call('GET', '/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toContain('/api/health');
  });

  test('a body that is not JSON is a 400 that says so, and the server stays up', async () => {
    const r = await s.call('POST', '/api/auth/login', '{not json', undefined, { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/JSON/);
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });

  test('an unknown API path is a JSON 404, not the web app', async () => {
    const r = await s.call('GET', '/api/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.statusCode).toBe(404);
  });
});

describe('foundation: body limit', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ BODY_LIMIT: '2048' });
  });
  afterAll(async () => {
    await s.close();
  });

  test('a body over BODY_LIMIT is refused with 413 and a message', async () => {
    const r = await s.call('POST', '/api/auth/login', { username: 'x'.repeat(5000), password: 'y' });
    expect(r.status).toBe(413);
    expect(r.body.message).toMatch(/limit/);
  });
});
