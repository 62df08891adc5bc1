import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const FIELDS = [
  { key: 'birthDate', name: 'Дата рождения', type: 'date' },
  { key: 'experience', name: 'Стаж, лет', type: 'number' },
  { key: 'position', name: 'Должность', type: 'text' },
  { key: 'category', name: 'Категория', type: 'select', options: ['первая', 'высшая'] },
];

/** Person profile fields: declared by the variant, listed for forms, enforced when a user's profile is written. */
describe('person profile fields', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const create = (username: string, profile: unknown) => s.call('POST', '/api/users', {
    username, password: 'password-123', fullName: 'Педагог', memberships: [{ orgId: f.orgs.school11, role: 'teacher' }], profile,
  }, f.tokens['t-admin']);

  test('a variant without profile fields lists none and does not restrict profiles', async () => {
    expect(await ok(s, 'GET', '/api/profile-fields', undefined, f.tokens.teacher11)).toEqual({ items: [], total: 0 });
    expect((await create('free-profile', { anything: 'goes' })).status).toBe(201);
  });

  test('given declared fields, they are listed with their types and options', async () => {
    await deploy(s, f, [{ name: 'variant.json', content: JSON.stringify({ ...FIXTURE_VARIANT, profileFields: FIELDS }) }]);
    const list = await ok(s, 'GET', '/api/profile-fields', undefined, f.tokens.teacher11);
    expect(list.total).toBe(4);
    expect(list.items.map(({ variant: _v, ...x }: any) => x)).toEqual(FIELDS);
    expect((await s.call('GET', '/api/profile-fields', undefined, f.superToken)).status).toBe(400);
    expect((await ok(s, 'GET', `/api/profile-fields?tenant=${f.tenantKey}`, undefined, f.superToken)).total).toBe(4);
  });

  test('creating a user: an unknown key or a wrong type is a 400 naming the field; a valid profile is stored', async () => {
    const unknown = await create('t-unknown', { birthDate: '1985-04-12', shoeSize: 42 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('shoeSize');
    for (const [key, value] of [['birthDate', '12.04.1985'], ['birthDate', '2023-02-30'], ['experience', '12'], ['position', 7], ['category', 'вторая']] as const) {
      const r = await create(`t-bad-${key}`, { [key]: value });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain(key);
    }
    const good = await create('t-good', { birthDate: '1985-04-12', experience: 12, position: 'учитель', category: 'высшая' });
    expect(good.status).toBe(201);
    expect(good.body.profile).toEqual({ birthDate: '1985-04-12', experience: 12, position: 'учитель', category: 'высшая' });
  });

  test('updating a profile is validated the same way; a valid update is stored', async () => {
    const id = f.users.teacher12;
    const bad = await s.call('PATCH', `/api/users/${id}`, { profile: { category: 'первая', hobby: 'шахматы' } }, f.tokens['t-admin']);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('hobby');
    const wrong = await s.call('PATCH', `/api/users/${id}`, { profile: { experience: 'много' } }, f.tokens.teacher12);
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('experience');
    const done = await ok(s, 'PATCH', `/api/users/${id}`, { profile: { category: 'первая', experience: 3 } }, f.tokens.teacher12);
    expect(done.profile).toEqual({ category: 'первая', experience: 3 });
  });
});
