import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from './auth-user.types.js';
import { OrgService } from './org.service.js';
import type { RolePair } from './role-pair.js';
import type { LocalizedMessage } from '../common/messages/message-catalogue.js';

/** True when `orgPath` (`/<root id>/…/<own id>/`) is the path of a root organisation. */
export function isRootPath(orgPath: string): boolean {
  return orgPath.split('/').filter(Boolean).length === 1;
}

/**
 * Authorisation helpers every module calls with the {@link AuthUser} of a request. The
 * superadmin may do everything; a holder of the system role `admin` at an organisation
 * administers that organisation's subtree (its people and organisations); what is tenant-wide
 * (deployments, drafts, reference lists, the sandbox, incidents, messages, the whole
 * personal-data log) needs `admin` at a root organisation of the tenant — the design of the
 * regulation (drafts, deployments, reference lists, the sandbox) also the right the tenant grants
 * explicitly, `designer` at a root organisation; `supervisor` sees a subtree.
 */
@Injectable()
export class AccessService {
  constructor(private readonly orgs: OrgService) {}

  /**
   * True when the user administers the tenant as a whole: the superadmin, or a user of
   * `tenantId` holding `admin` at a root organisation of it. Tenant-wide operations check this.
   */
  isTenantAdmin(user: AuthUser, tenantId: string): boolean {
    if (user.isSuperadmin) return true;
    return user.tenantId === tenantId && user.memberships.some((m) => m.role === 'admin' && isRootPath(m.orgPath));
  }

  /**
   * True when the user may design the tenant's regulation — drafts, deployments, reference lists,
   * the sandbox: a tenant administrator ({@link AccessService.isTenantAdmin}), or a holder of the
   * right the tenant grants explicitly, `designer` at a root organisation.
   */
  canDesign(user: AuthUser, tenantId: string): boolean {
    if (this.isTenantAdmin(user, tenantId)) return true;
    return user.tenantId === tenantId && user.memberships.some((m) => m.role === 'designer' && isRootPath(m.orgPath));
  }

  /**
   * True when the user holds `admin` at some organisation of `tenantId` (a branch, or the root),
   * or is the superadmin. Its power reaches that organisation's subtree only: check
   * {@link AccessService.canAdminOrg} / {@link AccessService.canAdminPath} for a given one.
   */
  isBranchAdmin(user: AuthUser, tenantId: string): boolean {
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
   * Throws a 404 with `notFound` (the message of a missing object) when the user may not see tenant
   * `tenantId` (it is not the user's and the user is not the superadmin): the answer never hints
   * that the other tenant exists.
   */
  assertTenantAccess(user: AuthUser, tenantId: string, notFound: LocalizedMessage): void {
    if (user.isSuperadmin || user.tenantId === tenantId) return;
    throw new NotFoundException(notFound);
  }

  /** The user's `(role, orgId)` pairs, for inbox queries against `task_candidate`. */
  rolePairs(user: AuthUser): RolePair[] {
    return user.memberships.map((m) => ({ role: m.role, orgId: m.orgId }));
  }
}
