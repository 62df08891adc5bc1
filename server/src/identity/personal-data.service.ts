import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AccessService } from './access.service.js';
import type { AuthUser } from './auth-user.types.js';
import type { PersonalDataAccessQuery } from './dto/user.dto.js';
import { TenantService } from './tenant.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** One logged read of personal data. */
export interface PersonalDataAccessRow {
  id: string;
  at: string;
  actorId: string;
  actorUsername: string | null;
  subjectId: string;
  subjectUsername: string | null;
  endpoint: string;
  ip: string | null;
}

/**
 * The personal-data access log (152-ФЗ): every answer that carries a user's profile records who
 * read whose data, when and through which endpoint, in the same transaction as the read.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly tenants: TenantService,
  ) {}

  /** Records that `actor` read the personal data of `subjectId` through `endpoint`. */
  async record(actor: AuthUser, subjectId: string, subjectTenantId: string | null, endpoint: string, ip: string | null, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`INSERT INTO personal_data_access (tenant_id, actor_id, subject_id, endpoint, ip) VALUES ($1, $2, $3, $4, $5)`, [
      subjectTenantId,
      actor.id,
      subjectId,
      endpoint,
      ip,
    ]);
  }

  /**
   * The log of a tenant, newest first (at most 1000 rows): all of it for the administrators of
   * the tenant's roots and the superadmin; for an administrator of a branch, the reads of the
   * personal data of people with a membership in that branch.
   */
  async list(user: AuthUser, q: PersonalDataAccessQuery): Promise<PersonalDataAccessRow[]> {
    const tenant = await this.tenants.resolveFor(user, q.tenant);
    if (!this.access.isBranchAdmin(user, tenant.id)) throw new ForbiddenException(msg('access.personalDataLogAdminsOnly'));
    const args: unknown[] = [tenant.id];
    const where = ['p.tenant_id = $1'];
    if (!this.access.isTenantAdmin(user, tenant.id)) {
      args.push(this.access.adminOrgPaths(user).map((p) => `${p}%`));
      where.push(`EXISTS (SELECT 1 FROM membership bm JOIN organization bo ON bo.id = bm.org_id
        WHERE bm.user_id = p.subject_id AND bo.path LIKE ANY($${args.length}::text[]))`);
    }
    if (q.subjectId) {
      args.push(q.subjectId);
      where.push(`p.subject_id = $${args.length}`);
    }
    if (q.from) {
      args.push(q.from);
      where.push(`p.at >= $${args.length}`);
    }
    if (q.to) {
      args.push(q.to);
      where.push(`p.at < $${args.length}`);
    }
    return this.ds.query(
      `SELECT p.id::text AS id, p.at, p.actor_id AS "actorId", a.username AS "actorUsername", p.subject_id AS "subjectId",
              s.username AS "subjectUsername", p.endpoint, p.ip
         FROM personal_data_access p
         LEFT JOIN app_user a ON a.id = p.actor_id
         LEFT JOIN app_user s ON s.id = p.subject_id
        WHERE ${where.join(' AND ')}
        ORDER BY p.at DESC, p.id DESC LIMIT 1000`,
      args,
    );
  }
}
