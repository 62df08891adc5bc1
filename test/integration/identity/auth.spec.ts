import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { claimsOf, jwtSecret, makeTree, makeUser, signJwt } from './identity-fixtures.js';
import type { TestTree } from './identity-fixtures.js';

describe('identity: authentication, sessions, tokens', () => {
  let s: TestServer;
  let admin: string;
  let tree: TestTree;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    tree = await makeTree(s, admin, 'auth-region');
    await makeUser(s, admin, {
      tenant: tree.key,
      username: 'teacher1',
      password: 'teacher-pass-1',
      fullName: 'Иванова Мария',
      email: 'ivanova@example.org',
      memberships: [{ orgId: tree.schools[0], role: 'teacher' }],
    });
  });
  afterAll(async () => {
    await s.close();
  });

  test('given the right password, login answers the token, its expiry, the user with tenant and memberships, and sets the HttpOnly cookie', async () => {
    const r = await s.call('POST', '/api/auth/login', { username: 'teacher1', password: 'teacher-pass-1' });
    expect(r.status).toBe(200);
    expect(r.body.accessToken.split('.')).toHaveLength(3);
    expect(new Date(r.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * 3600 * 1000);
    expect(r.body.user).toMatchObject({
      username: 'teacher1',
      fullName: 'Иванова Мария',
      email: 'ivanova@example.org',
      tenant: { id: tree.tenantId, key: tree.key, name: 'Регион auth-region', timeZone: 'Asia/Kamchatka' },
      isSuperadmin: false,
      isTenantAdmin: false,
      memberships: [{ orgId: tree.schools[0], orgName: 'Школа 1', orgLevel: 'school', role: 'teacher', roleName: 'Педагог' }],
    });
    expect(r.body.user.profile).toBeUndefined();
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pd_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  test('the superadmin logs in with no tenant and the superadmin flag', async () => {
    const r = await s.call('POST', '/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'admin', tenant: null, isSuperadmin: true, memberships: [] });
  });

  test('a wrong password and an unknown username get the same 401 message', async () => {
    const wrongPass = await s.call('POST', '/api/auth/login', { username: 'teacher1', password: 'nope-nope' });
    const wrongUser = await s.call('POST', '/api/auth/login', { username: 'nobody-here', password: 'nope-nope' });
    expect(wrongPass.status).toBe(401);
    expect(wrongUser.status).toBe(401);
    expect(wrongPass.body.message).toBe('wrong username or password');
    expect(wrongUser.body.message).toBe(wrongPass.body.message);
  });

  test('a login body without the fields is a 400 naming them', async () => {
    const r = await s.call('POST', '/api/auth/login', { username: 'teacher1' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/password/);
    expect(Object.keys(r.body.fields)).toEqual(['password']);
  });

  test('GET /api/auth/me works with the bearer token and with the cookie alone', async () => {
    const r = await s.call('POST', '/api/auth/login', { username: 'teacher1', password: 'teacher-pass-1' });
    const bearer = await s.call('GET', '/api/auth/me', undefined, r.body.accessToken);
    expect(bearer.status).toBe(200);
    expect(bearer.body.username).toBe('teacher1');
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
    const viaCookie = await s.call('GET', '/api/auth/me', undefined, undefined, { cookie: `other=1; ${cookie}` });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.id).toBe(bearer.body.id);
  });

  test('without a token, with a forged one, or with an expired one, a protected route is a 401 saying why', async () => {
    const none = await s.call('GET', '/api/auth/me');
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(/authentication required/);

    const good = await s.login('teacher1', 'teacher-pass-1');
    const claims = claimsOf(good);
    const forged = signJwt(claims, 'not-the-secret');
    const f = await s.call('GET', '/api/auth/me', undefined, forged);
    expect(f.status).toBe(401);
    expect(f.body.message).toMatch(/signature/);

    const secret = await jwtSecret(s);
    const expired = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret);
    const e = await s.call('GET', '/api/auth/me', undefined, expired);
    expect(e.status).toBe(401);
    expect(e.body.message).toMatch(/expired/);

    // Same secret, valid expiry, but a session that does not exist: refused too.
    const noSession = signJwt({ ...claims, sid: '00000000-0000-4000-8000-000000000000' }, secret);
    expect((await s.call('GET', '/api/auth/me', undefined, noSession)).status).toBe(401);

    const garbage = await s.call('GET', '/api/auth/me', undefined, 'abc');
    expect(garbage.status).toBe(401);
    expect(garbage.body.message).toMatch(/malformed/);
  });

  test('logout ends the session at once: the same token is then refused, other sessions stay', async () => {
    const t1 = await s.login('teacher1', 'teacher-pass-1');
    const t2 = await s.login('teacher1', 'teacher-pass-1');
    const out = await s.call('POST', '/api/auth/logout', undefined, t1);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/pd_session=;/);
    const after = await s.call('GET', '/api/auth/me', undefined, t1);
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/session has ended/);
    expect((await s.call('GET', '/api/auth/me', undefined, t2)).status).toBe(200);
  });

  test('a user deactivated mid-session gets 401 at once, and can no longer log in', async () => {
    const id = await makeUser(s, admin, { tenant: tree.key, username: 'leaver', memberships: [{ orgId: tree.schools[1], role: 'teacher' }] });
    const token = await s.login('leaver', 'password-123');
    expect((await s.call('GET', '/api/auth/me', undefined, token)).status).toBe(200);
    const d = await s.call('POST', `/api/users/${id}/deactivate`, undefined, admin);
    expect(d.status).toBe(200);
    expect(d.body.isActive).toBe(false);
    const me = await s.call('GET', '/api/auth/me', undefined, token);
    expect(me.status).toBe(401);
    const again = await s.call('POST', '/api/auth/login', { username: 'leaver', password: 'password-123' });
    expect(again.status).toBe(401);
    expect(again.body.message).toMatch(/deactivated/);
  });

  test('a deactivated tenant signs its users out at once', async () => {
    const other = await makeTree(s, admin, 'closing-region');
    await makeUser(s, admin, { tenant: other.key, username: 'closing-user', memberships: [{ orgId: other.schools[0], role: 'teacher' }] });
    const token = await s.login('closing-user', 'password-123');
    expect((await s.call('POST', `/api/tenants/${other.tenantId}/deactivate`, undefined, admin)).status).toBe(200);
    expect((await s.call('GET', '/api/auth/me', undefined, token)).status).toBe(401);
    expect((await s.call('POST', '/api/auth/login', { username: 'closing-user', password: 'password-123' })).status).toBe(401);
  });

  test('a public route stays reachable without a token', async () => {
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });

  test('every identity endpoint is in the OpenAPI document', async () => {
    const doc = await s.call('GET', '/api/docs-json');
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/tenants',
      '/api/tenants/{id}',
      '/api/tenants/{id}/deactivate',
      '/api/organizations',
      '/api/organizations/import',
      '/api/organizations/{id}',
      '/api/organizations/{id}/deactivate',
      '/api/users',
      '/api/users/import',
      '/api/users/{id}',
      '/api/users/{id}/deactivate',
      '/api/personal-data-access',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
