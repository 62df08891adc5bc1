import { Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ClockService } from '../jobs/clock.service.js';
import { AccessService } from '../identity/access.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { isUuid } from '../common/ids.js';
import { MailDispatcherService } from './mail-dispatcher.service.js';
import { ListNotificationsQuery, NotificationListView, OutboxQuery } from './notification.dto.js';
import { NotificationStreamService } from './notification-stream.service.js';

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

/** The caller's in-app notifications, their live stream, and the e-mail outbox for administrators. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationController {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(NotificationStreamService) private readonly stream: NotificationStreamService,
    @Inject(MailDispatcherService) private readonly mail: MailDispatcherService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s notifications, newest first, with the unread count; `task` tells whether the task is still open or how it ended' })
  @ApiOkResponse({ type: NotificationListView })
  async list(@CurrentUser() user: AuthUser, @Query() q: ListNotificationsQuery): Promise<NotificationListView> {
    const size = q.size ?? 20;
    const onlyUnread = q.unread === 'true';
    const items = await this.ds.query(
      `SELECT ${COLUMNS}, ${TASK_STATE} FROM notification n WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
       ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [user.id, onlyUnread, size, ((q.page ?? 1) - 1) * size],
    );
    const [{ total, unread }] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE NOT $2 OR read_at IS NULL)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM notification WHERE user_id = $1`,
      [user.id, onlyUnread],
    );
    return { items, total, unread };
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of the caller’s notifications are unread: { unread }' })
  async unreadCount(@CurrentUser() user: AuthUser): Promise<{ unread: number }> {
    const [{ unread }] = await this.ds.query(`SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`, [user.id]);
    return { unread };
  }

  @Get('stream')
  @ApiOperation({ summary: 'Server-sent events: `event: notification` with { unread, latest } whenever the caller is notified (cookie or bearer auth)' })
  @ApiProduces('text/event-stream')
  async streamOpen(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.stream.open(user.id, res);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification of the caller read: { updated }' })
  async readAll(@CurrentUser() user: AuthUser): Promise<{ updated: number }> {
    const rows = await this.ds.query(`UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id`, [user.id, this.clock.now(user.tenantId)]);
    return { updated: (Array.isArray(rows[0]) ? rows[0] : rows).length };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read (404 for anyone else’s)' })
  async read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    if (!isUuid(id)) throw new NotFoundException(`notification ${id} not found`);
    const [row] = await this.ds.query(
      `UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, user.id, this.clock.now(user.tenantId)],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? (r[0] as unknown[]) : r));
    if (!row) throw new NotFoundException(`notification ${id} not found`);
    return row;
  }

  @Get('outbox')
  @ApiOperation({ summary: 'The e-mail outbox of the tenant (administrators): state, tries, last error' })
  async outbox(@CurrentUser() user: AuthUser, @Query() q: OutboxQuery) {
    const tenantId = user.isSuperadmin ? (q.tenant ? await this.tenantId(q.tenant) : null) : user.tenantId;
    if (!user.isSuperadmin && !(tenantId && this.access.isTenantAdmin(user, tenantId))) {
      throw new ForbiddenException('only administrators see the e-mail outbox');
    }
    const items = await this.ds.query(
      `SELECT id, to_address AS "to", subject, state, attempts, last_error AS "lastError", next_attempt_at AS "nextAttemptAt",
         created_at AS "createdAt", sent_at AS "sentAt"
       FROM mail_outbox WHERE ($1::uuid IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR state = $2)
       ORDER BY created_at DESC LIMIT 500`,
      [tenantId, q.state ?? null],
    );
    return { items, total: items.length, enabled: this.mail.enabled };
  }

  @Post('outbox/flush')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the due e-mails now (superadmin): { sent, failed }' })
  async flush(@CurrentUser() user: AuthUser) {
    if (!user.isSuperadmin) throw new ForbiddenException('only the superadmin may flush the outbox');
    return this.mail.flush();
  }

  private async tenantId(keyOrId: string): Promise<string> {
    const [t] = await this.ds.query(`SELECT id FROM tenant WHERE key = $1 OR id::text = $1`, [keyOrId]);
    if (!t) throw new NotFoundException(`tenant "${keyOrId}" not found`);
    return t.id;
  }
}
