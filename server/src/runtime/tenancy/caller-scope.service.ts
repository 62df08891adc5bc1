import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../../identity/access.service.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { TenantContextService } from './tenant-context.service.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { rolePairColumns } from '../../identity/role-pair.js';
import type { RolePair } from '../../identity/role-pair.js';

import { isCandidateSql } from '../instances/task.store.js';
/**
 * Which tenant a request acts in, and what the caller may see in it. Anything of another tenant
 * answers 404, never a hint that it exists.
 */
@Injectable()
export class CallerScopeService {
  constructor(
    private readonly ds: DataSource,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  /** The tenant id: the caller's own, or (superadmin) the one named by `tenant` (key or id). */
  async tenantOf(user: AuthUser, tenant?: string): Promise<string> {
    if (user.isSuperadmin) {
      if (!tenant) throw new BadRequestException(msg('tenant.superadminMustName'));
      return this.tenants.resolveId(tenant);
    }
    if (!user.tenantId) throw new ForbiddenException(msg('tenant.userHasNone'));
    if (tenant && tenant !== user.tenantId && tenant !== user.tenantKey) throw new NotFoundException(msg('tenant.notFound', { ref: tenant }));
    return user.tenantId;
  }

  /**
   * Throws 403 unless the caller administers the tenant as a whole — `admin` at a root
   * organisation, or the superadmin (deploys, drafts, reference lists, sandbox, variables,
   * incidents, messages). An administrator of a branch is refused.
   */
  assertTenantAdmin(user: AuthUser, tenantId: string): void {
    if (!user.isSuperadmin && !this.access.isTenantAdmin(user, tenantId)) {
      throw new ForbiddenException(msg('access.tenantAdminOnly'));
    }
  }

  /**
   * Throws 403 unless the caller may design the tenant's regulation (drafts, deployments, reference
   * lists, the sandbox): a tenant administrator, or `designer` at a root organisation (the right the
   * tenant grants explicitly), or the superadmin.
   */
  assertTenantDesigner(user: AuthUser, tenantId: string): void {
    if (!user.isSuperadmin && !this.access.canDesign(user, tenantId)) {
      throw new ForbiddenException(msg('access.designerOnly'));
    }
  }

  /** The caller's `(role, organisation)` pairs. */
  rolePairs(user: AuthUser): RolePair[] {
    return this.access.rolePairs(user);
  }

  /** Path prefixes (`/a/b/%`) of the subtrees the caller supervises or administers. */
  supervisedLike(user: AuthUser): string[] {
    return this.access.supervisedOrgPaths(user).map((p) => `${p}%`);
  }

  /**
   * SQL condition (with parameters from `$first`) that an instance `pi` is visible to the caller:
   * its participants (starter, subject, anyone in its history, assignee or candidate of its open tasks)
   * and the supervisors and administrators of an ancestor organisation.
   */
  instanceVisibility(user: AuthUser, first: number): { sql: string; params: unknown[] } {
    if (user.isSuperadmin) return { sql: 'TRUE', params: [] };
    const { roles, orgs } = rolePairColumns(this.rolePairs(user));
    const [u, like, r, o] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
    return {
      sql: `(pi.started_by = ${u} OR pi.subject_id = ${u}
        OR EXISTS (SELECT 1 FROM organization vo WHERE vo.id = pi.org_id AND vo.path LIKE ANY(${like}::text[]))
        OR EXISTS (SELECT 1 FROM history_event vh WHERE vh.instance_id = pi.id AND vh.user_id = ${u})
        OR EXISTS (SELECT 1 FROM user_task vt WHERE vt.instance_id = pi.id AND (vt.assignee = ${u} OR ${isCandidateSql('vt', u, r, o, 'vc')})))`,
      params: [user.id, this.supervisedLike(user), roles, orgs],
    };
  }

  /** True when the instance exists in the caller's scope and is visible to the caller. */
  async isInstanceVisible(user: AuthUser, instanceId: string | null): Promise<boolean> {
    if (!instanceId) return false;
    return this.assertInstanceVisible(user, instanceId).then(() => true, (e) => {
      if (e instanceof NotFoundException) return false;
      throw e;
    });
  }

  /** 404 unless the instance exists in the caller's scope and is visible to the caller. */
  async assertInstanceVisible(user: AuthUser, instanceId: string): Promise<{ tenantId: string }> {
    const vis = this.instanceVisibility(user, 2);
    const rows = await this.ds.query(
      `SELECT pi.tenant_id FROM process_instance pi WHERE pi.id::text = $1 ${user.isSuperadmin ? '' : `AND pi.tenant_id = $${2 + vis.params.length}`} AND ${vis.sql}`,
      [instanceId, ...vis.params, ...(user.isSuperadmin ? [] : [user.tenantId])],
    );
    if (!rows.length) throw new NotFoundException(msg('instance.notFound', { id: instanceId }));
    return { tenantId: rows[0].tenant_id };
  }
}
