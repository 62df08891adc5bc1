import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids.js';
import type { AuthUser } from './auth-user.types.js';
import { ReadPoolService } from '../database/read-pool.service.js';
import type { TokenClaims } from './token.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** The row behind {@link SessionService.authenticate}. */
interface AuthRow {
  expired: boolean;
  revoked: boolean;
  id: string;
  username: string;
  full_name: string;
  tenant_id: string | null;
  tenant_key: string | null;
  tenant_active: boolean;
  is_superadmin: boolean;
  is_active: boolean;
  memberships: AuthUser['memberships'];
}

/**
 * Login sessions (`auth_session`): created at login, revoked by logout, deactivation and password
 * change; {@link SessionService.authenticate} turns verified token claims into an {@link AuthUser}
 * with one indexed query.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly ds: DataSource,
    @Inject(ReadPoolService) private readonly reads: ReadPoolService,
  ) {}

  /**
   * Deletes sessions that expired more than a week ago and throttle rows whose window and lock
   * are long over. Called now and then by {@link SessionService.open}; both are indexed deletes.
   */
  async prune(): Promise<void> {
    await this.ds.query(`DELETE FROM auth_session WHERE expires_at < now() - interval '7 days'`);
    await this.ds.query(`DELETE FROM login_throttle WHERE window_start < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`);
  }

  /** Opens a session for `userId` lasting `ttlSeconds`; returns its id and expiry. */
  async open(userId: string, ttlSeconds: number, ip: string | null, userAgent: string | null): Promise<{ id: string; expiresAt: Date }> {
    const [row] = await this.ds.query(
      `INSERT INTO auth_session (user_id, expires_at, ip, user_agent) VALUES ($1, now() + make_interval(secs => $2), $3, $4)
       RETURNING id, expires_at`,
      [userId, ttlSeconds, ip, userAgent?.slice(0, 300) ?? null],
    );
    // About one login in a hundred tidies up old rows.
    if (Math.random() < 0.01) await this.prune();
    return { id: row.id, expiresAt: new Date(row.expires_at) };
  }

  /** Ends one session now. */
  async revoke(sessionId: string): Promise<void> {
    await this.ds.query(`UPDATE auth_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends every open session of a user (deactivation, password change), except `keep` when given. */
  async revokeAllOf(userId: string, keep?: string): Promise<void> {
    await this.ds.query(
      `UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, keep ?? null],
    );
  }

  /**
   * The user behind verified claims: the session must exist, belong to the user, be neither
   * revoked nor expired; the user and its tenant must be active. Throws a 401 naming the reason.
   */
  async authenticate(claims: TokenClaims): Promise<AuthUser> {
    if (!isUuid(claims.sid) || !isUuid(claims.sub)) throw new UnauthorizedException(msg('auth.tokenNoSession'));
    // Every authenticated request runs this: a prepared statement, planned once per connection.
    const rows = await this.reads.query<AuthRow>(
      `SELECT s.expires_at < now() AS expired, s.revoked_at IS NOT NULL AS revoked,
              u.id, u.username, u.full_name, u.tenant_id, t.key AS tenant_key, coalesce(t.is_active, true) AS tenant_active,
              u.is_superadmin, u.is_active,
              coalesce((SELECT json_agg(json_build_object('orgId', m.org_id, 'orgPath', o.path, 'role', m.role) ORDER BY o.path, m.role)
                        FROM membership m JOIN organization o ON o.id = m.org_id
                        WHERE m.user_id = u.id AND o.is_active), '[]'::json) AS memberships
         FROM auth_session s
         JOIN app_user u ON u.id = s.user_id
         LEFT JOIN tenant t ON t.id = u.tenant_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [claims.sid, claims.sub],
    );
    const r = rows[0];
    if (!r) throw new UnauthorizedException(msg('auth.sessionMissing'));
    if (r.revoked) throw new UnauthorizedException(msg('auth.sessionEnded'));
    if (r.expired) throw new UnauthorizedException(msg('auth.sessionExpired'));
    if (!r.is_active) throw new UnauthorizedException(msg('auth.userDeactivated'));
    if (!r.tenant_active) throw new UnauthorizedException(msg('auth.tenantDeactivated'));
    return {
      id: r.id,
      username: r.username,
      fullName: r.full_name,
      tenantId: r.tenant_id,
      tenantKey: r.tenant_key,
      isSuperadmin: r.is_superadmin,
      memberships: r.memberships,
    };
  }
}
