import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { makeTree, makeUser, sql } from './identity-fixtures.js';
import type { TestTree } from './identity-fixtures.js';

describe('identity: users, memberships, personal data', () => {
  let s: TestServer;
  let admin: string;
  let a: TestTree;
  let b: TestTree;
  let mun1Admin: string;
  let mun1AdminId: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    a = await makeTree(s, admin, 'tenant-a');
    b = await makeTree(s, admin, 'tenant-b');
    mun1AdminId = await makeUser(s, admin, { tenant: 'tenant-a', username: 'a-mun1-admin', memberships: [{ orgId: a.mun[0], role: 'admin' }] });
    mun1Admin = await s.login('a-mun1-admin', 'password-123');
  });
  afterAll(async () => {
    await s.close();
  });

  test('create a user with memberships and a profile; read it back with role names', async () => {
    const r = await s.call(
      'POST',
      '/api/users',
      {
        tenant: 'tenant-a',
        username: 'petrova',
        password: 'secret-pass',
        fullName: 'Петрова Анна Сергеевна',
        email: 'petrova@school.ru',
        memberships: [
          { orgId: a.schools[0], role: 'teacher' },
          { orgId: a.schools[0], role: 'school-methodist' },
        ],
        profile: { position: 'учитель математики', birthYear: 1990, category: 'высшая' },
      },
      admin,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username: 'petrova',
      tenantId: a.tenantId,
      isActive: true,
      profile: { position: 'учитель математики', birthYear: 1990, category: 'высшая' },
    });
    expect(r.body.password).toBeUndefined();
    expect(r.body.passwordHash).toBeUndefined();
    expect(r.body.memberships).toEqual(
      expect.arrayContaining([
        { orgId: a.schools[0], orgName: 'Школа 1', orgLevel: 'school', role: 'teacher', roleName: 'Педагог' },
        { orgId: a.schools[0], orgName: 'Школа 1', orgLevel: 'school', role: 'school-methodist', roleName: 'Методист ОО' },
      ]),
    );
    const [row] = await sql<{ password_hash: string }>(s, `SELECT password_hash FROM app_user WHERE id = $1`, [r.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2/);
    const login = await s.call('POST', '/api/auth/login', { username: 'Petrova', password: 'secret-pass' });
    expect(login.status).toBe(200);
    expect(login.body.user.memberships).toHaveLength(2);
  });

  test('validation errors name the fields: username, password policy, e-mail, memberships', async () => {
    const r = await s.call('POST', '/api/users', { tenant: 'tenant-a', username: 'x', password: 'short', fullName: '', email: 'not-mail', memberships: [{ orgId: 'bad', role: '' }] }, admin);
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.fields).sort()).toEqual(['email', 'fullName', 'memberships.0.orgId', 'memberships.0.role', 'password', 'username']);
    expect(r.body.fields.password[0]).toMatch(/at least 8 characters/);
    // the DTO's own rules in Russian too
    const ru = await s.call('POST', '/api/users', { tenant: 'tenant-a', username: 'x', password: 'short', fullName: 'Т'.repeat(301), memberships: [] }, admin, { 'accept-language': 'ru' });
    expect(ru.body.fields).toMatchObject({
      password: ['пароль не короче 8 символов'], username: ['логин: от 3 до 64 латинских букв, цифр и знаков . _ - @'], fullName: ['не длиннее 300 символов'],
    });
  });

  test('roles: unknown refused, declared only at their level, system roles at any level; duplicate username 409', async () => {
    const base = { tenant: 'tenant-a', password: 'password-123', fullName: 'Тест' };
    const unknown = await s.call('POST', '/api/users', { ...base, username: 'role-1', memberships: [{ orgId: a.schools[0], role: 'astronaut' }] }, admin);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields['memberships.0.role'][0]).toMatch(/neither a system role nor declared/);
    const wrongLevel = await s.call('POST', '/api/users', { ...base, username: 'role-2', memberships: [{ orgId: a.mun[0], role: 'teacher' }] }, admin);
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.message).toMatch(/lives at level "school", not at "municipality"/);
    const wrongLevelRu = await s.call('POST', '/api/users', { ...base, username: 'role-2', memberships: [{ orgId: a.mun[0], role: 'teacher' }] }, admin, { 'accept-language': 'ru' });
    expect(wrongLevelRu.body).toMatchObject({ code: 'user.roleRefused', message: 'Роль в организации №1: роль «teacher» бывает на уровне «school», а организация — уровня «municipality»' });
    const otherTenantOrg = await s.call('POST', '/api/users', { ...base, username: 'role-3', memberships: [{ orgId: b.schools[0], role: 'teacher' }] }, admin);
    expect(otherTenantOrg.status).toBe(400);
    expect(otherTenantOrg.body.fields['memberships.0.orgId']).toBeDefined();
    const sys = await s.call('POST', '/api/users', { ...base, username: 'role-4', memberships: [{ orgId: a.schools[1], role: 'supervisor' }, { orgId: a.region, role: 'admin' }] }, admin);
    expect(sys.status).toBe(201);
    expect(sys.body.memberships.map((m: { roleName: string }) => m.roleName).sort()).toEqual(['Администратор', 'Наблюдатель (супервизор)']);
    const dup = await s.call('POST', '/api/users', { ...base, username: 'ROLE-4', memberships: [] }, admin);
    expect(dup.status).toBe(409);
    expect(dup.body.fields.username).toBeDefined();
  });

  test('a tenant admin creates users in its subtree only; a user of another tenant is a 404 for it', async () => {
    const mine = await s.call('POST', '/api/users', { username: 'a-teacher-1', password: 'password-123', fullName: 'Учитель', memberships: [{ orgId: a.schools[1], role: 'teacher' }] }, mun1Admin);
    expect(mine.status).toBe(201);
    expect(mine.body.tenantId).toBe(a.tenantId);
    const outside = await s.call('POST', '/api/users', { username: 'a-teacher-x', password: 'password-123', fullName: 'У', memberships: [{ orgId: a.schools[2], role: 'teacher' }] }, mun1Admin);
    expect(outside.status).toBe(403);
    const none = await s.call('POST', '/api/users', { username: 'a-teacher-y', password: 'password-123', fullName: 'У', memberships: [] }, mun1Admin);
    expect(none.status).toBe(400);
    const otherTenant = await s.call('POST', '/api/users', { tenant: 'tenant-b', username: 'b-x', password: 'password-123', fullName: 'У', memberships: [{ orgId: b.schools[0], role: 'teacher' }] }, mun1Admin);
    expect(otherTenant.status).toBe(404);

    const bUser = await makeUser(s, admin, { tenant: 'tenant-b', username: 'b-teacher', memberships: [{ orgId: b.schools[0], role: 'teacher' }] });
    for (const [method, path, body] of [
      ['GET', `/api/users/${bUser}`, undefined],
      ['PATCH', `/api/users/${bUser}`, { fullName: 'Взлом' }],
      ['POST', `/api/users/${bUser}/deactivate`, undefined],
    ] as const) {
      const r = await s.call(method, path, body, mun1Admin);
      expect(r.status).toBe(404);
      expect(r.body.message).toBe(`user ${bUser} not found`);
    }
    // The same answer as for an id that does not exist at all.
    expect((await s.call('GET', '/api/users/00000000-0000-4000-8000-000000000000', undefined, mun1Admin)).body.message).toMatch(/not found/);
    // A user of the same tenant outside the admin's subtree is not reachable either.
    const otherMun = await makeUser(s, admin, { tenant: 'tenant-a', username: 'a-mun2-teacher', memberships: [{ orgId: a.schools[3], role: 'teacher' }] });
    expect((await s.call('GET', `/api/users/${otherMun}`, undefined, mun1Admin)).status).toBe(404);
    const list = await s.call('GET', '/api/users?size=500', undefined, mun1Admin);
    const names = list.body.items.map((u: { username: string }) => u.username);
    expect(names).toContain('a-teacher-1');
    expect(names).not.toContain('a-mun2-teacher');
    expect(names).not.toContain('b-teacher');
    expect((await s.call('GET', '/api/users?tenant=tenant-b', undefined, mun1Admin)).status).toBe(404);
  });

  test('list: filters by org subtree, role and text, pages, and never returns profiles', async () => {
    for (let i = 1; i <= 3; i++) {
      await makeUser(s, admin, { tenant: 'tenant-a', username: `list-t${i}`, fullName: `Список Учитель ${i}`, memberships: [{ orgId: a.schools[2], role: 'teacher' }], profile: { secret: i } });
    }
    const r = await s.call('GET', `/api/users?tenant=tenant-a&orgId=${a.mun[1]}&role=teacher&q=${encodeURIComponent('список')}&page=1&size=2`, undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(3);
    expect(r.body.items.map((u: { username: string }) => u.username)).toEqual(['list-t1', 'list-t2']);
    expect(r.body.items[0].profile).toBeUndefined();
    expect(r.body.items[0].memberships[0]).toMatchObject({ orgName: 'Школа 3', role: 'teacher', roleName: 'Педагог' });
    const p2 = await s.call('GET', `/api/users?tenant=tenant-a&orgId=${a.mun[1]}&role=teacher&q=${encodeURIComponent('список')}&page=2&size=2`, undefined, admin);
    expect(p2.body.items.map((u: { username: string }) => u.username)).toEqual(['list-t3']);
    const bad = await s.call('GET', '/api/users?page=0&size=abc', undefined, admin);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['page', 'size']);
    // A plain role holder may not list users.
    const t = await s.login('list-t1', 'password-123');
    expect((await s.call('GET', '/api/users', undefined, t)).status).toBe(403);
  });

  test('update: name, e-mail, profile, memberships (replaced within the admin’s subtree); a new password ends other sessions', async () => {
    const id = await makeUser(s, admin, {
      tenant: 'tenant-a',
      username: 'changing',
      memberships: [
        { orgId: a.schools[0], role: 'teacher' },
        { orgId: a.schools[2], role: 'teacher' },
      ],
    });
    const r = await s.call('PATCH', `/api/users/${id}`, { fullName: 'Новое Имя', email: 'new@mail.ru', profile: { position: 'завуч' }, memberships: [{ orgId: a.schools[1], role: 'school-methodist' }] }, mun1Admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ fullName: 'Новое Имя', email: 'new@mail.ru', profile: { position: 'завуч' } });
    // The membership at school 3 (outside the admin's subtree) stays.
    expect(r.body.memberships.map((m: { orgName: string; role: string }) => `${m.orgName}:${m.role}`).sort()).toEqual(['Школа 2:school-methodist', 'Школа 3:teacher']);

    const session = await s.login('changing', 'password-123');
    const self = await s.login('changing', 'password-123');
    const selfChange = await s.call('PATCH', `/api/users/${id}`, { password: 'brand-new-pass' }, self);
    expect(selfChange.status).toBe(200);
    expect((await s.call('GET', '/api/auth/me', undefined, session)).status).toBe(401);
    expect((await s.call('GET', '/api/auth/me', undefined, self)).status).toBe(200);
    expect((await s.call('POST', '/api/auth/login', { username: 'changing', password: 'brand-new-pass' })).status).toBe(200);
    const selfRoles = await s.call('PATCH', `/api/users/${id}`, { memberships: [{ orgId: a.region, role: 'admin' }] }, self);
    expect(selfRoles.status).toBe(403);
    const short = await s.call('PATCH', `/api/users/${id}`, { password: 'short' }, self);
    expect(short.status).toBe(400);
    expect(short.body.fields.password).toBeDefined();
  });

  test('deactivation by a tenant admin; not oneself', async () => {
    const id = await makeUser(s, admin, { tenant: 'tenant-a', username: 'to-deactivate', memberships: [{ orgId: a.schools[0], role: 'teacher' }] });
    const token = await s.login('to-deactivate', 'password-123');
    const d = await s.call('POST', `/api/users/${id}/deactivate`, undefined, mun1Admin);
    expect(d.status).toBe(200);
    expect(d.body.isActive).toBe(false);
    expect(d.body.profile).toBeUndefined();
    expect((await s.call('GET', '/api/auth/me', undefined, token)).status).toBe(401);
    const me = await s.call('POST', `/api/users/${mun1AdminId}/deactivate`, undefined, mun1Admin);
    expect(me.status).toBe(400);
  });

  test('CSV import of users: rows created, a repeated username adds a membership, refused rows named with the reason', async () => {
    const csv = [
      'username;fullName;email;password;org;role',
      'imp-1;Импортов Иван;imp1@mail.ru;password-1;Регион tenant-a/Муниципалитет 1/Школа 1;teacher',
      `imp-1;Импортов Иван;;password-1;${a.schools[1]};school-methodist`,
      'imp-2;Импортова Анна;;pass;Регион tenant-a/Муниципалитет 1/Школа 2;teacher',
      'imp-3;Импортов Пётр;;password-3;Регион tenant-a/Нет;teacher',
      'imp-4;Импортов Семён;;password-4;Регион tenant-a/Муниципалитет 1;teacher',
      'petrova;Дубль;;password-5;Регион tenant-a/Муниципалитет 1/Школа 1;teacher',
      'imp-6;Импортова Ольга;;password-6;Регион tenant-a/Муниципалитет 1;mms',
    ].join('\n');
    const r = await s.call('POST', '/api/users/import', { tenant: 'tenant-a', csv }, admin);
    expect(r.status).toBe(200);
    expect(r.body.created).toBe(2);
    expect(r.body.refused).toEqual([
      { row: 4, reason: expect.stringMatching(/password/) },
      { row: 5, reason: expect.stringMatching(/not found/) },
      { row: 6, reason: expect.stringMatching(/lives at level "school"/) },
      { row: 7, reason: expect.stringMatching(/taken/) },
    ]);
    const login = await s.call('POST', '/api/auth/login', { username: 'imp-1', password: 'password-1' });
    expect(login.body.user.memberships.map((m: { role: string }) => m.role).sort()).toEqual(['school-methodist', 'teacher']);
    // As text/csv by the tenant admin (own tenant implied); org outside its subtree refused.
    const t = await s.call('POST', '/api/users/import', `username,fullName,email,password,org,role\nimp-7,Семь,,password-7,${a.schools[0]},teacher\nimp-8,Восемь,,password-8,${a.schools[2]},teacher\n`, mun1Admin, { 'content-type': 'text/csv' });
    expect(t.status).toBe(200);
    expect(t.body.created).toBe(1);
    expect(t.body.refused).toEqual([{ row: 3, reason: expect.stringMatching(/do not administer/) }]);
  });

  test('every read of a profile is logged; tenant admins read the log, filtered by subject and time', async () => {
    const id = await makeUser(s, admin, { tenant: 'tenant-a', username: 'watched', memberships: [{ orgId: a.schools[0], role: 'teacher' }], profile: { birthDate: '1985-04-01' } });
    await new Promise((r) => setTimeout(r, 50));
    const before = new Date().toISOString();
    const g = await s.call('GET', `/api/users/${id}`, undefined, mun1Admin);
    expect(g.status).toBe(200);
    expect(g.body.profile).toEqual({ birthDate: '1985-04-01' });
    const self = await s.login('watched', 'password-123');
    expect((await s.call('GET', `/api/users/${id}`, undefined, self)).status).toBe(200);
    await s.call('GET', `/api/users?tenant=tenant-a`, undefined, admin); // a list: not logged

    const log = await s.call('GET', `/api/personal-data-access?subjectId=${id}&from=${encodeURIComponent(before)}`, undefined, mun1Admin);
    expect(log.status).toBe(200);
    expect(log.body).toEqual([
      expect.objectContaining({ actorUsername: 'watched', subjectId: id, endpoint: 'GET /api/users/:id' }),
      expect.objectContaining({ actorUsername: 'a-mun1-admin', subjectId: id, endpoint: 'GET /api/users/:id' }),
    ]);
    // Creating the user answered its profile too: that was logged (before `from`).
    const all = await s.call('GET', `/api/personal-data-access?tenant=tenant-a&subjectId=${id}`, undefined, admin);
    expect(all.body.map((x: { endpoint: string }) => x.endpoint)).toEqual(['GET /api/users/:id', 'GET /api/users/:id', 'POST /api/users']);
    const future = await s.call('GET', `/api/personal-data-access?subjectId=${id}&to=${encodeURIComponent(before)}`, undefined, mun1Admin);
    expect(future.body.map((x: { endpoint: string }) => x.endpoint)).toEqual(['POST /api/users']);
    // Not for a plain role holder, nor across tenants; a bad date is a 400.
    expect((await s.call('GET', '/api/personal-data-access', undefined, self)).status).toBe(403);
    expect((await s.call('GET', '/api/personal-data-access?tenant=tenant-b', undefined, mun1Admin)).status).toBe(404);
    const bad = await s.call('GET', '/api/personal-data-access?from=yesterday', undefined, mun1Admin);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.from).toBeDefined();
  });
});
