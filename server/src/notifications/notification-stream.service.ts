import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { NOTIFICATION_CHANNEL, PgListenerService } from './pg-listener.service.js';

/**
 * Live updates over server-sent events: each open `GET /api/notifications/stream` is kept per
 * user; when a notification for that user commits (in any server process, via `pg_notify`) the
 * stream gets `event: notification` with `{ unread, latest }`. A comment line every 25 s keeps
 * proxies from closing the connection.
 */
@Injectable()
export class NotificationStreamService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly streams = new Map<string, Set<Response>>();
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    @Inject(PgListenerService) private readonly listener: PgListenerService,
  ) {}

  onModuleInit(): void {
    this.listener.on(NOTIFICATION_CHANNEL, (userId) => void this.push(userId));
    this.heartbeat = setInterval(() => {
      for (const set of this.streams.values()) for (const res of set) res.write(': keep-alive\n\n');
    }, 25_000);
    this.heartbeat.unref();
  }

  /** Ends every open stream (before the HTTP server closes, which would otherwise wait for them). */
  beforeApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.streams.values()) {
      for (const res of set) {
        res.end();
        res.socket?.destroy();
      }
    }
    this.streams.clear();
  }

  onApplicationShutdown(): void {
    this.beforeApplicationShutdown();
  }

  /** Opens a stream for `userId` on `res` and sends the current unread count at once. */
  async open(userId: string, res: Response): Promise<void> {
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const set = this.streams.get(userId) ?? this.streams.set(userId, new Set()).get(userId)!;
    set.add(res);
    res.on('close', () => {
      set.delete(res);
      if (!set.size) this.streams.delete(userId);
    });
    res.write('retry: 5000\n\n');
    await this.send(userId, [res]);
  }

  /** Number of open streams (health and tests). */
  get size(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.size;
    return n;
  }

  private async push(userId: string): Promise<void> {
    const set = this.streams.get(userId);
    if (set?.size) await this.send(userId, [...set]);
  }

  private async send(userId: string, targets: Response[]): Promise<void> {
    const [{ unread }] = await this.ds.query(`SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    const [latest] = await this.ds.query(
      `SELECT id, kind, subject, body, instance_id AS "processInstanceId", task_id AS "taskId", created_at AS "createdAt"
       FROM notification WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [userId],
    );
    const frame = `event: notification\ndata: ${JSON.stringify({ unread, latest: latest ?? null })}\n\n`;
    for (const res of targets) res.write(frame);
  }
}
