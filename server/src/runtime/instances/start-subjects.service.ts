import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { isUuid } from '../../common/ids.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import { actingPaths } from './instance-rights.js';

/** A person the caller may start a route about. */
export interface StartSubject {
  id: string;
  fullName: string;
  orgId: string;
  orgName: string;
}

/**
 * Whom a role holder may start a process about (`subjectId` of `POST /api/process-instances`):
 * the active role holders of the organisations where the caller holds a role allowed to start it
 * (or `admin`), and below — the same rule the start applies. No profiles: names and organisations only.
 */
@Injectable()
export class StartSubjectsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  async list(user: AuthUser, definitionId: string, q?: string): Promise<{ items: StartSubject[]; total: number }> {
    const [def] = isUuid(definitionId)
      ? await this.ds.query(`SELECT key, tenant_id FROM process_definition WHERE id = $1`, [definitionId])
      : [];
    if (!def || (!user.isSuperadmin && def.tenant_id !== user.tenantId)) throw new NotFoundException(msg('start.definitionNotFound', { id: definitionId }));
    const tenant = await this.tenants.get(def.tenant_id);
    const paths = actingPaths(user, tenant.startRoles.get(def.key));
    if (!paths.length) return { items: [], total: 0 };
    const words = (q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
    const items: StartSubject[] = await this.ds.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (u.id) u.id, u.full_name AS "fullName", o.id AS "orgId", o.name AS "orgName"
         FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organization o ON o.id = m.org_id
         WHERE u.tenant_id = $1 AND u.is_active AND o.path LIKE ANY (SELECT p || '%' FROM unnest($2::text[]) p)
           AND m.role NOT IN ('admin', 'supervisor')
           AND (SELECT bool_and(lower(u.full_name) LIKE '%' || w || '%') FROM unnest($3::text[]) w) IS NOT FALSE
         ORDER BY u.id, o.path DESC) x
       ORDER BY "fullName" LIMIT 200`,
      [def.tenant_id, paths, words],
    );
    return { items, total: items.length };
  }
}
