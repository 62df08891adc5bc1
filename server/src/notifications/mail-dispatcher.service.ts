import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import { mailRetryDelayMs } from './mail-config.js';
import { NotificationService } from './notification.service.js';
import { MAIL_CHANNEL, PgListenerService } from './pg-listener.service.js';

const BATCH = 20;
const LOCK_MS = 120_000;

/** What one dispatch round did. */
export interface DispatchResult {
  sent: number;
  failed: number;
}

/**
 * Sends the e-mail outbox over SMTP (nodemailer). Rows are claimed with `FOR UPDATE SKIP LOCKED`
 * and a lock expiry, so several server processes share the outbox; a message that fails stays
 * pending and is tried again with doubling delays (`MAIL_RETRY_BASE_MS`, at most an hour) until
 * `MAIL_MAX_ATTEMPTS`. Retries run on real time (the mail server's), not the engine clock. The
 * dispatcher wakes when a new row commits (`pg_notify`) and polls every `MAIL_POLL_INTERVAL_MS`.
 */
@Injectable()
export class MailDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transporter?: Transporter;
  private timer?: NodeJS.Timeout;
  private running = false;
  private busy?: Promise<DispatchResult>;
  private again = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(NotificationService) private readonly notifications: NotificationService,
    @Inject(PgListenerService) private readonly listener: PgListenerService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
  ) {}

  private get config() {
    return this.notifications.mail;
  }

  /** True when `SMTP_URL` is set. */
  get enabled(): boolean {
    return !!this.config.smtpUrl;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.transporter = nodemailer.createTransport({
      url: this.config.smtpUrl!,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    this.running = true;
    this.listener.on(MAIL_CHANNEL, () => this.wake());
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.busy?.catch(() => undefined);
    this.transporter?.close();
  }

  /** Runs a dispatch round soon (after the one under way, if any). */
  wake(): void {
    if (!this.running) return;
    if (this.busy) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().finally(() => {
        if (!this.running) return;
        const soon = this.again;
        this.again = false;
        this.schedule(soon ? 0 : this.config.pollIntervalMs);
      });
    }, delayMs);
  }

  /** Sends what is due now (one batch after another until none is left); safe to call at any time. */
  async flush(): Promise<DispatchResult> {
    if (!this.transporter) return { sent: 0, failed: 0 };
    if (this.busy) {
      this.again = true;
      return this.busy;
    }
    this.busy = this.flushBatches().finally(() => (this.busy = undefined));
    return this.busy;
  }

  private async flushBatches(): Promise<DispatchResult> {
    const total = { sent: 0, failed: 0 };
    for (;;) {
      const rows: { id: string; to_address: string; subject: string; body: string; attempts: number }[] = await this.ds.query(
        `UPDATE mail_outbox SET lock_owner = $1, lock_expires_at = now() + ($2 || ' milliseconds')::interval
         WHERE id IN (SELECT id FROM mail_outbox
           WHERE state = 'pending' AND next_attempt_at <= now() AND (lock_expires_at IS NULL OR lock_expires_at < now())
           ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, to_address, subject, body, attempts`,
        [this.jobs.owner, String(LOCK_MS), BATCH],
      ).then((r: unknown[]) => (Array.isArray(r[0]) ? (r[0] as never) : (r as never)));
      for (const row of rows) {
        try {
          await this.transporter!.sendMail({ from: this.config.from, to: row.to_address, subject: row.subject, text: row.body });
          await this.ds.query(
            `UPDATE mail_outbox SET state = 'sent', sent_at = now(), attempts = attempts + 1, lock_owner = NULL, lock_expires_at = NULL, last_error = NULL
             WHERE id = $1`,
            [row.id],
          );
          total.sent++;
        } catch (e) {
          const attempts = row.attempts + 1;
          const failed = attempts >= this.config.maxAttempts;
          await this.ds.query(
            `UPDATE mail_outbox SET attempts = $2, last_error = $3, state = $4, lock_owner = NULL, lock_expires_at = NULL,
               next_attempt_at = now() + ($5 || ' milliseconds')::interval WHERE id = $1`,
            [row.id, attempts, (e as Error).message.slice(0, 2000), failed ? 'failed' : 'pending', String(mailRetryDelayMs(attempts, this.config.retryBaseMs))],
          );
          total.failed++;
          this.logger.warn(`mail ${row.id} failed (try ${attempts}): ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 300)}`);
        }
      }
      if (rows.length < BATCH || !this.running) break;
    }
    // The earliest retry wakes us (the poll would too, later).
    const [{ next }] = await this.ds.query(`SELECT extract(epoch FROM min(next_attempt_at) - now()) * 1000 AS next FROM mail_outbox WHERE state = 'pending'`);
    if (next !== null && this.running && Number(next) < this.config.pollIntervalMs) {
      setTimeout(() => this.wake(), Math.max(0, Number(next)) + 5).unref();
    }
    return total;
  }
}
