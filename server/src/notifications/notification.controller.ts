import { Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClockService } from '../time/clock.service.js';
import { AccessService } from '../identity/access.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { isUuid } from '../common/ids.js';
import { MailDispatcherService } from './mail-dispatcher.service.js';
import { ListNotificationsQuery, NotificationListView, OutboxQuery } from './notification.dto.js';
import { NotificationStreamService } from './notification-stream.service.js';
import { NotificationStore } from './notification.store.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** The caller's in-app notifications, their live stream, and the e-mail outbox for administrators. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationController {
  constructor(
    @Inject(NotificationStore) private readonly store: NotificationStore,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
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
    const items = await this.store.page(user.id, onlyUnread, size, ((q.page ?? 1) - 1) * size);
    const { total, unread } = await this.store.counts(user.id, onlyUnread);
    return { items, total, unread };
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of the caller’s notifications are unread: { unread }' })
  async unreadCount(@CurrentUser() user: AuthUser): Promise<{ unread: number }> {
    return { unread: await this.store.unread(user.id) };
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
    return { updated: await this.store.readAll(user.id, this.clock.now(user.tenantId)) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read (404 for anyone else’s)' })
  async read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    if (!isUuid(id)) throw new NotFoundException(msg('notification.notFound', { id }));
    const row = await this.store.read(id, user.id, this.clock.now(user.tenantId));
    if (!row) throw new NotFoundException(msg('notification.notFound', { id }));
    return row;
  }

  @Get('outbox')
  @ApiOperation({ summary: 'The e-mail outbox of the tenant (administrators): state, tries, last error' })
  async outbox(@CurrentUser() user: AuthUser, @Query() q: OutboxQuery) {
    const tenantId = user.isSuperadmin ? (q.tenant ? await this.tenants.resolveId(q.tenant) : null) : user.tenantId;
    if (!user.isSuperadmin && !(tenantId && this.access.isTenantAdmin(user, tenantId))) {
      throw new ForbiddenException(msg('notification.outboxAdminsOnly'));
    }
    const items = await this.store.outbox(tenantId, q.state ?? null);
    return { items, total: items.length, enabled: this.mail.enabled };
  }

  @Post('outbox/flush')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the due e-mails now (superadmin): { sent, failed }' })
  async flush(@CurrentUser() user: AuthUser) {
    if (!user.isSuperadmin) throw new ForbiddenException(msg('notification.flushSuperadminOnly'));
    return this.mail.flush();
  }
}
