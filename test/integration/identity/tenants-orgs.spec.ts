import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { insertVariant, makeTree, makeUser, TEST_VARIANT } from './identity-fixtures.js';
import type { TestTree } from './identity-fixtures.js';

describe('identity: tenants and organisations', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await s.login('admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await s.close();
  });

  describe('tenants (superadmin)', () => {
    test('create, read, list, change and deactivate a tenant', async () => {
      const c = await s.call('POST', '/api/tenants', { key: 'motygino', name: 'Мотыгинский район', timeZone: 'Asia/Krasnoyarsk' }, admin);
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({ key: 'motygino', name: 'Мотыгинский район', timeZone: 'Asia/Krasnoyarsk', isActive: true });
      expect((await s.call('GET', `/api/tenants/${c.body.id}`, undefined, admin)).body.key).toBe('motygino');
      expect((await s.call('GET', `/api/tenants/motygino`, undefined, admin)).body.id).toBe(c.body.id);
      const list = await s.call('GET', '/api/tenants', undefined, admin);
      expect(list.body.map((t: { key: string }) => t.key)).toContain('motygino');
      const p = await s.call('PATCH', `/api/tenants/${c.body.id}`, { name: 'Мотыгинский муниципальный район', key: 'ignored' }, admin);
      expect(p.status).toBe(200);
      expect(p.body).toMatchObject({ key: 'motygino', name: 'Мотыгинский муниципальный район', timeZone: 'Asia/Krasnoyarsk' });
      const d = await s.call('POST', `/api/tenants/${c.body.id}/deactivate`, undefined, admin);
      expect(d.status).toBe(200);
      expect(d.body.isActive).toBe(false);
    });

    test('invalid fields are a 400 naming each; a duplicate key is a 409', async () => {
      const bad = await s.call('POST', '/api/tenants', { key: '1Bad key', name: '', timeZone: 'Mars/Olympus' }, admin);
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['key', 'name', 'timeZone']);
      expect(bad.body.message).toMatch(/key/);
      expect(bad.body.message).toMatch(/timeZone/);
      await s.call('POST', '/api/tenants', { key: 'dup-tenant', name: 'A', timeZone: 'Europe/Moscow' }, admin);
      const dup = await s.call('POST', '/api/tenants', { key: 'dup-tenant', name: 'B', timeZone: 'Europe/Moscow' }, admin);
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/dup-tenant/);
      expect((await s.call('GET', '/api/tenants/00000000-0000-4000-8000-000000000000', undefined, admin)).status).toBe(404);
    });

    test('a user who is not the superadmin may not manage tenants', async () => {
      const tree = await makeTree(s, admin, 'tenant-guard');
      await makeUser(s, admin, { tenant: tree.key, username: 'tg-admin', memberships: [{ orgId: tree.region, role: 'admin' }] });
      const t = await s.login('tg-admin', 'password-123');
      expect((await s.call('GET', '/api/tenants', undefined, t)).status).toBe(403);
      expect((await s.call('POST', '/api/tenants', { key: 'x-x', name: 'X', timeZone: 'UTC' }, t)).status).toBe(403);
    });
  });

  describe('organisations', () => {
    let tree: TestTree;
    beforeAll(async () => {
      tree = await makeTree(s, admin, 'kamchatka');
    });

    test('a tenant without a variant refuses organisations with a 400 saying to deploy one first', async () => {
      await s.call('POST', '/api/tenants', { key: 'empty-region', name: 'Пустой', timeZone: 'Europe/Moscow' }, admin);
      const r = await s.call('POST', '/api/organizations', { tenant: 'empty-region', name: 'Регион', level: 'region' }, admin);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/deploy a variant first/);
    });

    test('the tree keeps paths, levels and name paths; listing is in tree order and filters', async () => {
      const school = await s.call('GET', `/api/organizations/${tree.schools[2]}`, undefined, admin);
      expect(school.status).toBe(200);
      expect(school.body).toMatchObject({
        level: 'school',
        parentId: tree.mun[1],
        path: `/${tree.region}/${tree.mun[1]}/${tree.schools[2]}/`,
        namePath: ['Регион kamchatka', 'Муниципалитет 2', 'Школа 3'],
        depth: 2,
      });
      const all = await s.call('GET', '/api/organizations?tenant=kamchatka', undefined, admin);
      expect(all.body.map((o: { name: string }) => o.name)).toEqual([
        'Регион kamchatka',
        'Муниципалитет 1',
        'Школа 1',
        'Школа 2',
        'Муниципалитет 2',
        'Школа 3',
        'Школа 4',
      ]);
      const children = await s.call('GET', `/api/organizations?tenant=kamchatka&parentId=${tree.mun[0]}`, undefined, admin);
      expect(children.body.map((o: { id: string }) => o.id)).toEqual([tree.schools[0], tree.schools[1]]);
      const schools = await s.call('GET', `/api/organizations?tenant=${tree.tenantId}&level=school&q=${encodeURIComponent('кола 4')}`, undefined, admin);
      expect(schools.body.map((o: { id: string }) => o.id)).toEqual([tree.schools[3]]);
    });

    test('level rules: declared level, strictly below the parent, roots at the top level; errors name the field', async () => {
      const unknown = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'X', level: 'galaxy', parentId: tree.region }, admin);
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields.level).toBeDefined();
      expect(unknown.body.message).toMatch(/region, municipality, school/);
      const notBelow = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'X', level: 'municipality', parentId: tree.mun[0] }, admin);
      expect(notBelow.status).toBe(400);
      expect(notBelow.body.message).toMatch(/not below/);
      const skip = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'Прямая школа', level: 'school', parentId: tree.region }, admin);
      expect(skip.status).toBe(201); // strictly lower, not necessarily the next level
      const badRoot = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'X', level: 'school' }, admin);
      expect(badRoot.status).toBe(400);
      expect(badRoot.body.message).toMatch(/top level/);
      // in Russian (the default language), naming the level, the tenant and the allowed levels
      const ru = { 'accept-language': 'ru' };
      const unknownRu = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'X', level: 'galaxy', parentId: tree.region }, admin, ru);
      expect(unknownRu.body).toMatchObject({ statusCode: 400, code: 'org.levelUnknown', message: 'Уровень «galaxy» не объявлен у арендатора «kamchatka»; его уровни: region, municipality, school' });
      expect(unknownRu.body.fields.level).toEqual(['одно из: region, municipality, school']);
      const notBelowRu = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'X', level: 'municipality', parentId: tree.mun[0] }, admin, ru);
      expect(notBelowRu.body.message).toBe('Уровень «municipality» должен быть ниже уровня вышестоящей организации «municipality»');
      const missing = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', level: 'school', parentId: 'nope' }, admin);
      expect(missing.status).toBe(400);
      expect(Object.keys(missing.body.fields).sort()).toEqual(['name', 'parentId']);
      const dup = await s.call('POST', '/api/organizations', { name: 'школа 1', level: 'school', parentId: tree.mun[0] }, admin);
      expect(dup.status).toBe(409);
    });

    test('rename and deactivate (the whole subtree)', async () => {
      const m = await s.call('POST', '/api/organizations', { tenant: 'kamchatka', name: 'Временный МР', level: 'municipality', parentId: tree.region }, admin);
      const sc = await s.call('POST', '/api/organizations', { name: 'Временная школа', level: 'school', parentId: m.body.id }, admin);
      const p = await s.call('PATCH', `/api/organizations/${m.body.id}`, { name: 'Переименованный МР' }, admin);
      expect(p.status).toBe(200);
      expect(p.body.name).toBe('Переименованный МР');
      const d = await s.call('POST', `/api/organizations/${m.body.id}/deactivate`, undefined, admin);
      expect(d.status).toBe(200);
      expect(d.body).toMatchObject({ isActive: false, deactivated: 2 });
      expect((await s.call('GET', `/api/organizations/${sc.body.id}`, undefined, admin)).body.isActive).toBe(false);
    });

    test('a tenant admin manages its subtree only, and another tenant is invisible (404)', async () => {
      await makeUser(s, admin, { tenant: 'kamchatka', username: 'mun1-admin', memberships: [{ orgId: tree.mun[0], role: 'admin' }] });
      const t = await s.login('mun1-admin', 'password-123');
      const ok = await s.call('POST', '/api/organizations', { name: 'Новая школа', level: 'school', parentId: tree.mun[0] }, t);
      expect(ok.status).toBe(201);
      expect(ok.body.tenantId).toBe(tree.tenantId);
      const outside = await s.call('POST', '/api/organizations', { name: 'Чужая школа', level: 'school', parentId: tree.mun[1] }, t);
      expect(outside.status).toBe(403);
      expect((await s.call('PATCH', `/api/organizations/${tree.mun[1]}`, { name: 'x' }, t)).status).toBe(403);
      const root = await s.call('POST', '/api/organizations', { name: 'Другой регион', level: 'region' }, t);
      expect(root.status).toBe(403);

      const other = await makeTree(s, admin, 'other-region');
      expect((await s.call('GET', `/api/organizations/${other.schools[0]}`, undefined, t)).status).toBe(404);
      expect((await s.call('PATCH', `/api/organizations/${other.schools[0]}`, { name: 'x' }, t)).status).toBe(404);
      expect((await s.call('POST', `/api/organizations/${other.schools[0]}/deactivate`, undefined, t)).status).toBe(404);
      const under = await s.call('POST', '/api/organizations', { name: 'Х', level: 'school', parentId: other.mun[0] }, t);
      expect(under.status).toBe(404);
      expect((await s.call('GET', '/api/organizations?tenant=other-region', undefined, t)).status).toBe(404);
      const mine = await s.call('GET', '/api/organizations', undefined, t);
      expect(mine.body.every((o: { tenantId: string }) => o.tenantId === tree.tenantId)).toBe(true);
    });

    test('CSV import (text/csv, ; separated, BOM): valid rows created in one go, refused rows reported with the reason', async () => {
      const csv =
        '\uFEFFname;level;parent\r\n' +
        'Усть-Камчатский МР;municipality;Регион kamchatka\r\n' +
        'Школа №7;school;Регион kamchatka/Усть-Камчатский МР\r\n' +
        `Школа №8;school;${tree.mun[0]}\r\n` +
        'Плохая;galaxy;Регион kamchatka\r\n' +
        'Сирота;school;Регион kamchatka/Нет такого\r\n' +
        '\r\n' +
        ';school;Регион kamchatka\r\n' +
        '"Школа ""Надежда""";school;Регион kamchatka/Усть-Камчатский МР\r\n';
      const r = await s.call('POST', '/api/organizations/import?tenant=kamchatka', csv, admin, { 'content-type': 'text/csv; charset=utf-8' });
      expect(r.status).toBe(200);
      expect(r.body.created).toBe(4);
      expect(r.body.refused).toEqual([
        { row: 5, reason: expect.stringMatching(/galaxy/) },
        { row: 6, reason: expect.stringMatching(/Нет такого.*not found/) },
        { row: 8, reason: expect.stringMatching(/name/) },
      ]);
      const list = await s.call('GET', `/api/organizations?tenant=kamchatka&q=${encodeURIComponent('Надежда')}`, undefined, admin);
      expect(list.body[0].namePath).toEqual(['Регион kamchatka', 'Усть-Камчатский МР', 'Школа "Надежда"']);
    });

    test('CSV import as JSON { tenant, csv }, comma separated; a CSV without the columns is a 400', async () => {
      const r = await s.call('POST', '/api/organizations/import', { tenant: 'kamchatka', csv: 'name,level,parent\nШкола №9,school,Регион kamchatka/Муниципалитет 2\n' }, admin);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ created: 1, refused: [] });
      const bad = await s.call('POST', '/api/organizations/import', { tenant: 'kamchatka', csv: 'title;kind\nA;b\n' }, admin);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/name, level, parent/);
      const none = await s.call('POST', '/api/organizations/import', { tenant: 'kamchatka' }, admin);
      expect(none.status).toBe(400);
      expect(none.body.fields.csv).toBeDefined();
    });

    test('levels and roles come from the latest version of each variant', async () => {
      await insertVariant(s, tree.tenantId, { ...TEST_VARIANT, levels: ['region', 'municipality', 'school', 'class'] }, 2);
      const r = await s.call('POST', '/api/organizations', { name: '5А', level: 'class', parentId: tree.schools[0] }, admin);
      expect(r.status).toBe(201);
    });
  });
});
