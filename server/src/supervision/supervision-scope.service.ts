import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../identity/access.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { isUuid } from '../common/ids.js';
import { CallerScopeService } from '../runtime/tenancy/caller-scope.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** The part of a tenant's organisation tree a supervision query covers. */
export interface SupervisionScope {
  tenantId: string;
  /** `LIKE` patterns (`/<root>/…/<org>/%`) of the organisation subtrees in scope. */
  likes: string[];
  /** The organisation named by `orgId`, when one was. */
  org?: { id: string; name: string; path: string };
}

/**
 * Resolves what a supervision request may see: the caller's tenant (the superadmin names one)
 * and the subtrees the caller supervises or administers, narrowed to `orgId` when given. A
 * caller who supervises nothing gets a 403; an organisation outside their subtrees a 403 too
 * (one of another tenant a 404).
 */
@Injectable()
export class SupervisionScopeService {
  constructor(
    private readonly ds: DataSource,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(CallerScopeService) private readonly callerScope: CallerScopeService,
  ) {}

  /** The scope of a request by `user` with the optional `tenant` and `orgId` parameters. */
  async resolve(user: AuthUser, tenant?: string, orgId?: string): Promise<SupervisionScope> {
    const tenantId = await this.callerScope.tenantOf(user, tenant);
    const own = user.isSuperadmin ? ['/'] : this.access.supervisedOrgPaths(user);
    if (!own.length) throw new ForbiddenException(msg('supervision.notSupervisor'));
    if (!orgId) return { tenantId, likes: own.map((p) => `${p}%`) };
    const [org] = isUuid(orgId)
      ? await this.ds.query(`SELECT id, name, path FROM organization WHERE id = $1 AND tenant_id = $2`, [orgId, tenantId])
      : [];
    if (!org) throw new NotFoundException(msg('supervision.orgNotFound', { id: orgId }));
    if (!this.access.canSupervisePath(user, org.path)) throw new ForbiddenException(msg('supervision.notSupervisedOrg', { name: org.name }));
    return { tenantId, likes: [`${org.path}%`], org };
  }

  /** True when the organisation at `orgPath` lies in a subtree `user` supervises. */
  canSupervise(user: AuthUser, orgPath: string): boolean {
    return this.access.canSupervisePath(user, orgPath);
  }
}
