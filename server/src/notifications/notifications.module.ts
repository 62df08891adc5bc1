import { Module } from '@nestjs/common';

/** In-app and e-mail notifications (outbox, SMTP, digests, live updates). */
@Module({})
export class NotificationsModule {}
