import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { makeTree, makeUser, sql } from './identity-fixtures.js';

describe('identity: login rate limiting (in the database)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    const tree = await makeTree(s, admin, 'throttle-region');
    for (const u of ['victim', 'lucky', 'stormed']) {
      await makeUser(s, admin, { tenant: tree.key, username: u, password: 'right-password', memberships: [{ orgId: tree.schools[0], role: 'teacher' }] });
    }
  });
  afterAll(async () => {
    await s.close();
  });

  const attempt = (username: string, password: string) => s.call('POST', '/api/auth/login', { username, password });

  test('after 5 wrong passwords attempts are slowed, after 10 refused with 429 and retryAfterSeconds, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await attempt('victim', 'wrong');
      expect(r.status).toBe(401);
      expect(r.body.delayedMs).toBe(0);
    }
    for (let i = 0; i < 5; i++) {
      const r = await attempt('victim', 'wrong');
      expect(r.status).toBe(401);
      expect(r.body.delayedMs).toBeGreaterThanOrEqual(1000);
    }
    const blocked = await attempt('victim', 'right-password');
    expect(blocked.status).toBe(429);
    expect(blocked.body.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(blocked.body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(blocked.headers.get('retry-after')).toBe(String(blocked.body.retryAfterSeconds));
    // The username is matched regardless of case.
    expect((await attempt('VICTIM', 'right-password')).status).toBe(429);
    // Another username from the same address is not blocked.
    expect((await attempt('lucky', 'right-password')).status).toBe(200);
  }, 30_000);

  test('a success resets the username counter', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt('lucky', 'wrong')).status).toBe(401);
    expect((await attempt('lucky', 'right-password')).status).toBe(200);
    const [row] = await sql(s, `SELECT count(*)::int AS n FROM login_throttle WHERE key = 'user:lucky'`);
    expect(row.n).toBe(0);
    // Four more wrong ones are again fast: the count started over.
    for (let i = 0; i < 4; i++) {
      const r = await attempt('lucky', 'wrong');
      expect(r.status).toBe(401);
      expect(r.body.delayedMs).toBe(0);
    }
    expect((await attempt('lucky', 'right-password')).status).toBe(200);
  });

  test('parallel wrong attempts cannot slip past the limit: each attempt is counted before the password is checked', async () => {
    const results = await Promise.all(Array.from({ length: 14 }, () => attempt('stormed', 'wrong')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 401)).toHaveLength(10);
    expect(statuses.filter((x) => x === 429)).toHaveLength(4);
    expect((await attempt('stormed', 'right-password')).status).toBe(429);
    // Those wrong attempts came from this address too; take them off so the next test starts clean.
    await sql(s, `DELETE FROM login_throttle WHERE key LIKE 'ip:%'`);
  }, 30_000);

  test('the state is shared through the database: a block written by another server process applies here, per IP too', async () => {
    await sql(s, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ('ip:127.0.0.1', 40, now(), now() + interval '10 minutes')
      ON CONFLICT (key) DO UPDATE SET failures = 40, window_start = now(), locked_until = now() + interval '10 minutes'`);
    const r = await attempt('lucky', 'right-password');
    expect(r.status).toBe(429);
    expect(r.body.retryAfterSeconds).toBeGreaterThan(9 * 60);
    expect(r.body.retryAfterSeconds).toBeLessThanOrEqual(10 * 60);
    await sql(s, `DELETE FROM login_throttle WHERE key = 'ip:127.0.0.1'`);
    expect((await attempt('lucky', 'right-password')).status).toBe(200);
  });
});
