import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from './auth-user.types.js';
import { OrgService } from './org.service.js';
import type { RolePair } from './role-pair.js';

/**
 * Authorisation helpers every module calls with the {@link AuthUser} of a request. The
 * superadmin may do everything; a holder of the system role `admin` at an organisation
 * administers that organisation's subtree; `supervisor` sees a subtree.
 */
@Injectable()
export class AccessService {
  constructor(private readonly orgs: OrgService) {}

  /**
   * True when the user is the superadmin, or belongs to `tenantId` and holds `admin` at some
   * organisation of it (its power then reaches that organisation's subtree only: check
   * {@link AccessService.canAdminOrg} for a given organisation).
   */
  isTenantAdmin(user: AuthUser, tenantId: string): boolean {
    if (user.isSuperadmin) return true;
    return user.tenantId === tenantId && user.memberships.some((m) => m.role === 'admin');
  }

  /** Paths of the organisations where the user holds `admin` (the roots of what it administers). */
  adminOrgPaths(user: AuthUser): string[] {
    return user.memberships.filter((m) => m.role === 'admin').map((m) => m.orgPath);
  }

  /** True when an organisation at `orgPath` lies in a subtree the user administers. */
  canAdminPath(user: AuthUser, orgPath: string): boolean {
    if (user.isSuperadmin) return true;
    return this.adminOrgPaths(user).some((p) => orgPath.startsWith(p));
  }

  /**
   * True when the user may administer organisation `orgId`: the superadmin (for an existing
   * organisation), or an `admin` at it or an ancestor. False for an unknown organisation.
   */
  async canAdminOrg(user: AuthUser, orgId: string): Promise<boolean> {
    const org = await this.orgs.get(orgId);
    if (!org) return false;
    if (user.isSuperadmin) return true;
    return org.tenantId === user.tenantId && this.canAdminPath(user, org.path);
  }

  /** Paths of the organisations where the user holds `admin` or `supervisor`. */
  supervisedOrgPaths(user: AuthUser): string[] {
    return [...new Set(user.memberships.filter((m) => m.role === 'admin' || m.role === 'supervisor').map((m) => m.orgPath))];
  }

  /**
   * True when an organisation at `orgPath` lies in a subtree the user supervises or administers
   * (the superadmin: everywhere). For instance, alert and indicator queries.
   */
  canSupervisePath(user: AuthUser, orgPath: string): boolean {
    if (user.isSuperadmin) return true;
    return this.supervisedOrgPaths(user).some((p) => orgPath.startsWith(p));
  }

  /**
   * Throws a 404 when the user may not see tenant `tenantId` (it is not the user's and the user
   * is not the superadmin): the answer never hints that the other tenant exists.
   */
  assertTenantAccess(user: AuthUser, tenantId: string, what = 'resource'): void {
    if (user.isSuperadmin || user.tenantId === tenantId) return;
    throw new NotFoundException(`${what} not found`);
  }

  /** The user's `(role, orgId)` pairs, for inbox queries against `task_candidate`. */
  rolePairs(user: AuthUser): RolePair[] {
    return user.memberships.map((m) => ({ role: m.role, orgId: m.orgId }));
  }
}
