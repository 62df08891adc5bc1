import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** Channel on which a committed notification names its user (payload: user id). */
export const NOTIFICATION_CHANNEL = 'pd_notification';
/** Channel on which a committed outbox row wakes the mail dispatchers. */
export const MAIL_CHANNEL = 'pd_mail';

type Handler = (payload: string) => void;

/**
 * One PostgreSQL connection per server process that LISTENs to the notification channels.
 * `pg_notify` inside a transaction is delivered only when it commits, so listeners hear only of
 * what really happened — in every server process sharing the database.
 */
@Injectable()
export class PgListenerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PgListener');
  private client?: pg.Client;
  private readonly handlers = new Map<string, Handler[]>();
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(private readonly ds: DataSource) {}

  /** Calls `handler` with the payload of every notification on `channel`. */
  on(channel: string, handler: Handler): void {
    (this.handlers.get(channel) ?? this.handlers.set(channel, []).get(channel)!).push(handler);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = (this.ds.options as { url?: string }).url;
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => {
      for (const h of this.handlers.get(msg.channel) ?? []) {
        try {
          h(msg.payload ?? '');
        } catch (e) {
          this.logger.error(`listener on ${msg.channel} failed: ${(e as Error).message}`);
        }
      }
    });
    client.on('error', (e) => {
      this.logger.warn(`LISTEN connection lost: ${e.message}; reconnecting`);
      this.reconnectSoon();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
      await client.query(`LISTEN ${MAIL_CHANNEL}`);
      this.client = client;
    } catch (e) {
      this.logger.warn(`cannot LISTEN: ${(e as Error).message}; retrying`);
      await client.end().catch(() => undefined);
      this.reconnectSoon();
    }
  }

  private reconnectSoon(): void {
    if (this.stopped || this.retry) return;
    const old = this.client;
    this.client = undefined;
    void old?.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, 2000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
