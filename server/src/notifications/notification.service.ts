import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { MailConfig } from './mail-config.js';
import { MAIL_CHANNEL, NOTIFICATION_CHANNEL } from './pg-listener.service.js';
import { isUuid } from '../common/ids.js';
import { orgChain } from '../identity/organization.store.js';
import { resolveUserRefs } from '../identity/user.store.js';
import { rolePairColumns } from '../identity/role-pair.js';
import type { RolePair } from '../identity/role-pair.js';

/** What to tell a set of users. */
export interface NotificationRequest {
  tenantId: string | null;
  userIds: string[];
  /** `task-created`, `task-due-soon`, `process-notification`, `digest`, … */
  kind: string;
  subject: string;
  body: string;
  instanceId?: string | null;
  taskId?: string | null;
  data?: JsonObject;
  /** Instant of the notification (engine time). */
  at?: Date;
}


/**
 * Writes notifications: one in-app row per user and, when SMTP is configured and the user has an
 * e-mail address, one outbox row, both in the caller's transaction (with the task or digest that
 * caused them). `pg_notify` tells the live streams and the mail dispatchers once it commits.
 */
@Injectable()
export class NotificationService {
  /** The mail settings this process runs with. */
  readonly mail: MailConfig;

  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.mail = config.mail;
  }

  /** Writes the notifications of `req` in `tx`; returns how many users were told. */
  async notify(tx: EntityManager, req: NotificationRequest): Promise<number> {
    const ids = [...new Set(req.userIds.filter((id) => isUuid(id)))];
    if (!ids.length) return 0;
    const users: { id: string; email: string | null }[] = await tx.query(
      `SELECT id, email FROM app_user WHERE id = ANY($1::uuid[]) AND is_active`,
      [ids],
    );
    if (!users.length) return 0;
    const at = req.at ?? this.clock.now(req.tenantId);
    const rows: { id: string; user_id: string }[] = await tx.query(
      `INSERT INTO notification (tenant_id, user_id, kind, subject, body, instance_id, task_id, data, created_at)
       SELECT $1, u, $3, $4, $5, $6, $7, $8, $9 FROM unnest($2::uuid[]) u RETURNING id, user_id`,
      [req.tenantId, users.map((u) => u.id), req.kind, req.subject, req.body, req.instanceId ?? null, req.taskId ?? null, req.data ?? {}, at],
    );
    await tx.query(`SELECT pg_notify($1, u) FROM unnest($2::text[]) u`, [NOTIFICATION_CHANNEL, users.map((u) => u.id)]);
    if (this.mail.smtpUrl) {
      const byUser = new Map(rows.map((r) => [r.user_id, r.id]));
      const mailable = users.filter((u) => u.email);
      if (mailable.length) {
        const body = this.mail.appUrl && req.taskId ? `${req.body}\n\n${this.mail.appUrl}/inbox/tasks/${req.taskId}` : req.body;
        await tx.query(
          `INSERT INTO mail_outbox (tenant_id, notification_id, to_address, subject, body)
           SELECT $1, n, a, $4, $5 FROM unnest($2::uuid[], $3::text[]) AS x(n, a)`,
          [req.tenantId, mailable.map((u) => byUser.get(u.id)), mailable.map((u) => u.email), req.subject, body],
        );
        await tx.query(`SELECT pg_notify($1, '')`, [MAIL_CHANNEL]);
      }
    }
    return users.length;
  }

  /**
   * The same writes as {@link NotificationService.notify}, as single statements added to a
   * command's write (no round trip of their own): the users are the active users of the tenant
   * among `req.userIds` or holding any of `pairs`. Each notification's id is derived from
   * (user, task or instance, kind, instant), so the outbox rows can name it within the same statement.
   */
  deferNotify(defer: (sql: string, params: unknown[], select?: boolean) => void, req: NotificationRequest, pairs: RolePair[] = []): void {
    const at = req.at ?? this.clock.now(req.tenantId);
    const users = `SELECT au.id, au.email FROM app_user au
      WHERE au.tenant_id = $1::uuid AND au.is_active AND au.id IN (
        SELECT unnest($2::uuid[]) UNION
        SELECT m.user_id FROM membership m WHERE (m.role, m.org_id) IN (SELECT * FROM unnest($3::text[], $4::uuid[])))`;
    const { roles, orgs } = rolePairColumns(pairs);
    const base = [req.tenantId, req.userIds.filter((id) => isUuid(id)), roles, orgs];
    // Every parameter has one type in a statement: cast it the same way wherever it is used.
    const idOf = `md5(u.id::text || coalesce($6::uuid::text, $7::uuid::text, '') || $5::text || $8::timestamptz::text)::uuid`;
    defer(
      `INSERT INTO notification (id, tenant_id, user_id, kind, subject, body, instance_id, task_id, data, created_at)
       SELECT ${idOf}, $1, u.id, $5::text, $9, $10, $7::uuid, $6::uuid, $11, $8::timestamptz FROM (${users}) u`,
      [...base, req.kind, req.taskId ?? null, req.instanceId ?? null, at, req.subject, req.body, req.data ?? {}],
    );
    defer(`SELECT pg_notify($5, u.id::text) FROM (${users}) u`, [...base, NOTIFICATION_CHANNEL], true);
    if (this.mail.smtpUrl) {
      const body = this.mail.appUrl && req.taskId ? `${req.body}\n\n${this.mail.appUrl}/inbox/tasks/${req.taskId}` : req.body;
      defer(
        `INSERT INTO mail_outbox (tenant_id, notification_id, to_address, subject, body)
         SELECT $1, ${idOf}, u.email, $9::text, $10::text FROM (${users}) u WHERE u.email IS NOT NULL`,
        [...base, req.kind, req.taskId ?? null, req.instanceId ?? null, at, req.subject, body],
      );
      defer(`SELECT pg_notify($1, '')`, [MAIL_CHANNEL], true);
    }
  }

  /** Same as {@link NotificationService.notify} in a transaction of its own. */
  async notifyNow(req: NotificationRequest): Promise<number> {
    return this.ds.transaction((tx) => this.notify(tx, req));
  }

  /** Active users holding any of the `(role, orgId)` pairs. */
  async holdersOf(tx: EntityManager, pairs: RolePair[]): Promise<string[]> {
    if (!pairs.length) return [];
    const rows: { user_id: string }[] = await tx.query(
      `SELECT DISTINCT m.user_id FROM membership m JOIN app_user u ON u.id = m.user_id
       WHERE u.is_active AND (m.role, m.org_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))`,
      [...Object.values(rolePairColumns(pairs))],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * Holders of `roles` for an instance at `orgId`: each role at the ancestor of the level it is
   * declared at (`levels`: role key → level; system roles at any ancestor).
   */
  async holdersForOrg(tx: EntityManager, orgId: string | null, roles: string[], levels: Map<string, string>): Promise<string[]> {
    if (!orgId || !roles.length) return [];
    const ancestors = await orgChain(tx, orgId);
    const pairs: RolePair[] = [];
    for (const role of roles) {
      const level = levels.get(role);
      for (const a of ancestors) if (!level || a.level === level) pairs.push({ role, orgId: a.id });
    }
    return this.holdersOf(tx, pairs);
  }

  /** Resolves user ids or usernames of a tenant to ids. */
  async userIds(tx: EntityManager, tenantId: string, refs: string[]): Promise<string[]> {
    return resolveUserRefs(tx, tenantId, refs);
  }
}
