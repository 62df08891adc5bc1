/**
 * Behind a reverse proxy (TRUST_PROXY): the client address comes from X-Forwarded-For, so rate
 * limits see each client; the session cookie keeps `Secure` when the proxy speaks TLS. The login
 * lockout is per account AND address: a stranger slows an account down but cannot lock its owner
 * out from the owner's own address.
 */
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { makeTree, makeUser, sql } from './identity-fixtures.js';

const login = (s: TestServer, username: string, password: string, from: string, headers: Record<string, string> = {}) =>
  s.call('POST', '/api/auth/login', { username, password }, undefined, { 'x-forwarded-for': from, ...headers });

describe('identity: behind a trusted proxy, lockout per account and address', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ TRUST_PROXY: 'loopback' });
    const admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    const tree = await makeTree(s, admin, 'proxy-region');
    for (const u of ['owner', 'pupil']) {
      await makeUser(s, admin, { tenant: tree.key, username: u, password: 'right-password', memberships: [{ orgId: tree.schools[0], role: 'teacher' }] });
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  test('a stranger who fails 12 times is locked out from their address; the owner still signs in from theirs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(s, 'owner', 'guess', '203.0.113.66')).status);
    expect(statuses.slice(0, 10).every((x) => x === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const stranger = await login(s, 'owner', 'right-password', '203.0.113.66', { 'accept-language': 'ru' });
    expect(stranger.status).toBe(429);
    expect(stranger.body.message).toMatch(/слишком много неудачных попыток/i);
    // From the owner's own address: slowed (the account saw many failures), never refused.
    expect((await sql(s, `SELECT failures FROM login_throttle WHERE key = 'user:owner'`))[0].failures).toBeGreaterThan(5);
    const owner = await login(s, 'owner', 'right-password', '198.51.100.7');
    expect(owner.status).toBe(200);
    // The owner's success cleared the account's counters; the stranger's address stays locked.
    expect((await sql(s, `SELECT key FROM login_throttle WHERE key LIKE 'user:owner%' ORDER BY key`)).map((r) => r.key)).toEqual(['user:owner@203.0.113.66']);
    expect((await login(s, 'owner', 'right-password', '203.0.113.66')).status).toBe(429);
  }, 60_000);

  test('rate limits see each client behind the proxy: one client\'s failures do not count against another', async () => {
    await sql(s, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ('ip:203.0.113.99', 40, now(), now() + interval '10 minutes')`);
    expect((await login(s, 'pupil', 'right-password', '203.0.113.99')).status).toBe(429);
    expect((await login(s, 'pupil', 'right-password', '203.0.113.100')).status).toBe(200);
    const [session] = await sql(s, `SELECT ip FROM auth_session ORDER BY created_at DESC LIMIT 1`);
    expect(session.ip).toBe('203.0.113.100');
  });

  test('the session cookie is Secure when the proxy forwarded HTTPS, not over plain HTTP', async () => {
    const tls = await login(s, 'pupil', 'right-password', '198.51.100.8', { 'x-forwarded-proto': 'https' });
    expect(tls.status).toBe(200);
    expect(tls.headers.get('set-cookie')).toMatch(/pd_session=.*; Secure/);
    const plain = await login(s, 'pupil', 'right-password', '198.51.100.8');
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('identity: without TRUST_PROXY the forwarded headers are ignored', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    const tree = await makeTree(s, admin, 'direct-region');
    await makeUser(s, admin, { tenant: tree.key, username: 'direct', password: 'right-password', memberships: [{ orgId: tree.schools[0], role: 'teacher' }] });
  });
  afterAll(async () => {
    await s?.close();
  });

  test('X-Forwarded-For and X-Forwarded-Proto change neither the address nor Secure', async () => {
    const r = await login(s, 'direct', 'right-password', '203.0.113.5', { 'x-forwarded-proto': 'https' });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).not.toMatch(/Secure/);
    const [session] = await sql(s, `SELECT ip FROM auth_session ORDER BY created_at DESC LIMIT 1`);
    expect(session.ip).toBe('127.0.0.1');
  });
});
