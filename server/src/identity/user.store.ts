import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/queryable.js';
import { splitIdsAndNames } from '../common/ids.js';
import type { AuthUser } from './auth-user.types.js';

/** A user as a reassignment checks them. */
export interface UserRow {
  id: string;
  tenant_id: string | null;
  is_active: boolean;
  is_superadmin: boolean;
  full_name: string;
}

/** SQL of `app_user` read outside a request's session check. */
@Injectable()
export class UserStore {
  constructor(private readonly ds: DataSource) {}

  /** The user with this id (callers check the id is a UUID). */
  async byId(userId: string, q: Queryable = this.ds): Promise<UserRow | undefined> {
    const [row] = await q.query(`SELECT id, tenant_id, is_active, is_superadmin, full_name FROM app_user WHERE id = $1`, [userId]);
    return row;
  }

  /**
   * The user as a command's caller (`AuthUser`, never a superadmin), with their memberships at
   * active organisations — for callers that act without a request: the designer's sandbox, demo data.
   */
  async authUser(userId: string, q: Queryable = this.ds): Promise<AuthUser> {
    const [u] = await q.query(
      `SELECT u.id, u.username, u.full_name, u.tenant_id, t.key AS tenant_key,
         coalesce((SELECT json_agg(json_build_object('orgId', m.org_id, 'orgPath', o.path, 'role', m.role))
           FROM membership m JOIN organization o ON o.id = m.org_id WHERE m.user_id = u.id AND o.is_active), '[]') AS memberships
       FROM app_user u JOIN tenant t ON t.id = u.tenant_id WHERE u.id = $1`, [userId]);
    if (!u) throw new Error(`user ${userId} not found`);
    return { id: u.id, username: u.username, fullName: u.full_name, tenantId: u.tenant_id, tenantKey: u.tenant_key, isSuperadmin: false, memberships: u.memberships };
  }
}

/**
 * Resolves user references of a tenant — user ids, or usernames (a diagram's `assignee`,
 * `candidateUsers`, a notification's users) — to ids; unknown names are dropped. The one place
 * that rule is written.
 */
export async function resolveUserRefs(q: Queryable, tenantId: string, refs: string[]): Promise<string[]> {
  const { ids, names } = splitIdsAndNames(refs);
  if (!names.length) return ids;
  const rows: { id: string }[] = await q.query(`SELECT id FROM app_user WHERE tenant_id = $1 AND username = ANY($2::text[])`, [tenantId, names]);
  return [...ids, ...rows.map((r) => r.id)];
}
