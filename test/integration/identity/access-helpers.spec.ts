import { NotFoundException } from '@nestjs/common';
import { AccessService } from '../../../server/src/identity/access.service.js';
import { msg } from '../../../server/src/common/messages/message-catalogue.js';
import type { AuthUser } from '../../../server/src/identity/auth-user.types.js';
import { OrgService } from '../../../server/src/identity/org.service.js';
import { SessionService } from '../../../server/src/identity/session.service.js';
import { VariantCatalogService } from '../../../server/src/identity/variant-catalog.service.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { claimsOf, makeTree, makeUser } from './identity-fixtures.js';
import type { TestTree } from './identity-fixtures.js';

describe('identity: the exported helpers (AccessService, OrgService, VariantCatalogService) on a real tree', () => {
  let s: TestServer;
  let a: TestTree;
  let b: TestTree;
  let access: AccessService;
  let orgs: OrgService;
  /** The AuthUser the guard builds for a signed-in user. */
  const authUser = async (username: string): Promise<AuthUser> => s.app.get(SessionService).authenticate(claimsOf(await s.login(username, 'password-123')));

  beforeAll(async () => {
    s = await startTestServer();
    const admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    a = await makeTree(s, admin, 'helpers-a');
    b = await makeTree(s, admin, 'helpers-b');
    await makeUser(s, admin, {
      tenant: a.key,
      username: 'h-mixed',
      memberships: [
        { orgId: a.mun[0], role: 'admin' },
        { orgId: a.mun[1], role: 'supervisor' },
        { orgId: a.schools[2], role: 'teacher' },
      ],
    });
    await makeUser(s, admin, { tenant: a.key, username: 'h-teacher', memberships: [{ orgId: a.schools[0], role: 'teacher' }] });
    access = s.app.get(AccessService);
    orgs = s.app.get(OrgService);
  });
  afterAll(async () => {
    await s.close();
  });

  test('OrgService: get, ancestorAtLevel (itself or an ancestor via the path), subtreePrefix', async () => {
    expect(await orgs.get(a.schools[0])).toMatchObject({ id: a.schools[0], tenantId: a.tenantId, parentId: a.mun[0], level: 'school', isActive: true });
    expect(await orgs.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await orgs.get('not-an-id')).toBeNull();
    expect((await orgs.ancestorAtLevel(a.schools[3], 'municipality'))?.id).toBe(a.mun[1]);
    expect((await orgs.ancestorAtLevel(a.schools[3], 'region'))?.id).toBe(a.region);
    expect((await orgs.ancestorAtLevel(a.schools[3], 'school'))?.id).toBe(a.schools[3]);
    expect(await orgs.ancestorAtLevel(a.mun[0], 'school')).toBeNull();
    expect(await orgs.subtreePrefix(a.mun[0])).toBe(`/${a.region}/${a.mun[0]}/`);
  });

  test('AccessService: tenant admin, org admin, supervised paths, role pairs, tenant access', async () => {
    const mixed = await authUser('h-mixed');
    const teacher = await authUser('h-teacher');
    expect(mixed).toMatchObject({ username: 'h-mixed', tenantId: a.tenantId, tenantKey: a.key, isSuperadmin: false });
    // admin of a municipality: a branch administrator, not the tenant's (that is admin at the root)
    expect(access.isTenantAdmin(mixed, a.tenantId)).toBe(false);
    expect(access.isBranchAdmin(mixed, a.tenantId)).toBe(true);
    expect(access.isBranchAdmin(mixed, b.tenantId)).toBe(false);
    expect(access.isTenantAdmin(teacher, a.tenantId)).toBe(false);
    expect(access.isBranchAdmin(teacher, a.tenantId)).toBe(false);
    expect(await access.canAdminOrg(mixed, a.schools[0])).toBe(true);
    expect(await access.canAdminOrg(mixed, a.mun[0])).toBe(true);
    expect(await access.canAdminOrg(mixed, a.schools[2])).toBe(false);
    expect(await access.canAdminOrg(mixed, a.region)).toBe(false);
    expect(await access.canAdminOrg(mixed, b.schools[0])).toBe(false);
    expect(access.supervisedOrgPaths(mixed).sort()).toEqual([`/${a.region}/${a.mun[0]}/`, `/${a.region}/${a.mun[1]}/`].sort());
    expect(access.supervisedOrgPaths(teacher)).toEqual([]);
    expect(access.rolePairs(mixed)).toEqual(
      expect.arrayContaining([
        { role: 'admin', orgId: a.mun[0] },
        { role: 'supervisor', orgId: a.mun[1] },
        { role: 'teacher', orgId: a.schools[2] },
      ]),
    );
    const notFound = msg('instance.notFound', { id: 'x' });
    expect(() => access.assertTenantAccess(mixed, a.tenantId, notFound)).not.toThrow();
    let refused: unknown;
    try {
      access.assertTenantAccess(mixed, b.tenantId, notFound);
    } catch (e) {
      refused = e;
    }
    // a 404 carrying the message of the missing object (rendered by the API filter in the caller's language)
    expect(refused).toBeInstanceOf(NotFoundException);
    expect((refused as NotFoundException).getResponse()).toEqual(notFound);
    const root = await s.app.get(SessionService).authenticate(claimsOf(await s.login('admin', TEST_ADMIN_PASSWORD)));
    expect(root.isSuperadmin).toBe(true);
    expect(access.isTenantAdmin(root, b.tenantId)).toBe(true);
    expect(await access.canAdminOrg(root, b.schools[0])).toBe(true);
    expect(() => access.assertTenantAccess(root, b.tenantId, notFound)).not.toThrow();
  });

  test('a membership at a deactivated organisation stops counting at the next request', async () => {
    const admin = await s.login('admin', TEST_ADMIN_PASSWORD);
    await s.call('POST', `/api/organizations/${a.schools[2]}/deactivate`, undefined, admin);
    const mixed = await authUser('h-mixed');
    expect(access.rolePairs(mixed).map((p) => p.role).sort()).toEqual(['admin', 'supervisor']);
  });

  test('VariantCatalogService: the union of the declared levels and roles', async () => {
    const cat = await s.app.get(VariantCatalogService).forTenant(a.tenantId);
    expect(cat.hasVariants).toBe(true);
    expect(cat.levels).toEqual(['region', 'municipality', 'school']);
    expect(cat.roles.map((r) => r.key)).toEqual(['teacher', 'school-methodist', 'mms', 'cnppm']);
  });
});
