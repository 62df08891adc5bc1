import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { MailDispatcherService } from './mail-dispatcher.service.js';
import { NotificationController } from './notification.controller.js';
import { NotificationService } from './notification.service.js';
import { NotificationStore } from './notification.store.js';
import { NotificationStreamService } from './notification-stream.service.js';
import { PgListenerService } from './pg-listener.service.js';
import { TaskNotificationsListener } from './task-notifications.listener.js';

/**
 * In-app and e-mail notifications: rows written in the transaction of what caused them (task
 * created, reminder before due, the `notify` action, digests), a live SSE stream fed by
 * `pg_notify`, and an SMTP outbox with retries (`SMTP_URL`, `SMTP_FROM`).
 */
@Module({
  imports: [IdentityModule, RuntimeModule],
  controllers: [NotificationController],
  providers: [NotificationStore, PgListenerService, NotificationService, NotificationStreamService, MailDispatcherService, TaskNotificationsListener],
  exports: [NotificationService],
})
export class NotificationsModule {}
