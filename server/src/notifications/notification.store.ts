import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotificationView } from './notification.dto.js';

const COLUMNS = `id, kind, subject, body, instance_id AS "processInstanceId", task_id AS "taskId", data, created_at AS "createdAt", read_at AS "readAt"`;

/**
 * The state of a notification's task, for the list: `open`, or how it ended (`completed` with who
 * and when, or `cancelled`); null without a task.
 */
const TASK_STATE = `CASE WHEN n.task_id IS NULL THEN NULL
    WHEN EXISTS (SELECT 1 FROM user_task t WHERE t.id = n.task_id) THEN jsonb_build_object('state', 'open')
    ELSE COALESCE((SELECT jsonb_build_object('state', 'completed', 'at', h.at, 'byName', u.full_name)
                   FROM history_event h LEFT JOIN app_user u ON u.id = h.user_id
                   WHERE h.instance_id = n.instance_id AND h.type = 'taskCompleted' AND h.data->>'taskId' = n.task_id::text LIMIT 1),
                  jsonb_build_object('state', 'cancelled')) END AS "task"`;

/** Rows of an UPDATE … RETURNING, whichever shape the driver gives them in. */
function returned<T>(r: unknown[]): T[] {
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

/** SQL of a user's in-app notifications (`notification`) and the e-mail outbox (`mail_outbox`) as read by the API. */
@Injectable()
export class NotificationStore {
  constructor(private readonly ds: DataSource) {}

  /** A page of the user's notifications, newest first, with the task's state. */
  async page(userId: string, onlyUnread: boolean, size: number, offset: number): Promise<NotificationView[]> {
    return this.ds.query(
      `SELECT ${COLUMNS}, ${TASK_STATE} FROM notification n WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
       ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [userId, onlyUnread, size, offset],
    );
  }

  /** How many notifications the list has (all, or the unread ones) and how many are unread. */
  async counts(userId: string, onlyUnread: boolean): Promise<{ total: number; unread: number }> {
    const [c] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE NOT $2 OR read_at IS NULL)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM notification WHERE user_id = $1`,
      [userId, onlyUnread],
    );
    return c;
  }

  async unread(userId: string): Promise<number> {
    const [{ unread }] = await this.ds.query(`SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return unread;
  }

  /** Marks every unread notification of the user read at `at`; how many. */
  async readAll(userId: string, at: Date): Promise<number> {
    const rows = await this.ds.query(`UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id`, [userId, at]);
    return returned(rows).length;
  }

  /** Marks one of the user's notifications read (kept when already read); undefined when it is not theirs. */
  async read(id: string, userId: string, at: Date): Promise<Record<string, unknown> | undefined> {
    const rows = await this.ds.query(
      `UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId, at],
    );
    return returned<Record<string, unknown>>(rows)[0];
  }

  /** The e-mail outbox of a tenant (all tenants: null), optionally of one state, newest first. */
  async outbox(tenantId: string | null, state: string | null): Promise<Record<string, unknown>[]> {
    return this.ds.query(
      `SELECT id, to_address AS "to", subject, state, attempts, last_error AS "lastError", next_attempt_at AS "nextAttemptAt",
         created_at AS "createdAt", sent_at AS "sentAt"
       FROM mail_outbox WHERE ($1::uuid IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR state = $2)
       ORDER BY created_at DESC LIMIT 500`,
      [tenantId, state],
    );
  }
}
