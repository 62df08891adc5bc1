import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import type { JobRow } from '../jobs/job.types.js';
import { NotificationService } from '../notifications/notification.service.js';
import { AlertsService } from './alerts.service.js';

/** Job kind of the hourly check that sends the supervisors' daily digests. */
export const DIGEST_JOB = 'supervision-digest';

/** The next whole hour strictly after `now`. */
export function nextHour(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: 'utc' }).startOf('hour').plus({ hours: 1 }).toJSDate();
}

/** The next instant strictly after `after` at which the local time in `zone` is `hour`:00. */
export function nextDigestAt(after: Date, zone: string, hour: number): Date {
  const local = DateTime.fromJSDate(after, { zone });
  let at = local.startOf('day').set({ hour });
  if (at.toMillis() <= after.getTime()) at = local.startOf('day').plus({ days: 1 }).set({ hour });
  return at.toJSDate();
}

/**
 * The supervisors' daily digest. On the server's real time, one `supervision-digest` job (of no
 * tenant) runs every hour for the tenants without a clock of their own (each run schedules the
 * next; the first is created at start under an advisory lock, so any number of server processes
 * keep exactly one; only where `DIGEST_ENABLED`); a tenant with a clock of its own has a job of its
 * own, due daily at its digest hour by its own time. At `DIGEST_HOUR` local time of a tenant, every
 * holder of `supervisor` or `admin` there who has unacknowledged overdue alerts in their subtree
 * gets one notification (in-app and e-mail) with the counts by organisation and stage.
 */
@Injectable()
export class DigestJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Digest');

  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(AlertsService) private readonly alerts: AlertsService,
    @Inject(NotificationService) private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DIGEST_JOB, (job, tx) => (job.tenant_id ? this.runForOwnClock(job, tx) : this.run(job, tx)));
    // A tenant on a time of its own (a sandbox; every tenant under the simulated clock) gets a digest
    // job of its own, due at its next digest hour by its own time: moving another tenant's time never sends it.
    if (this.config.digest.enabled) this.clock.onOwnClock((tx, tenantId, now) => this.scheduleOwn(tx, tenantId, now));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.digest.enabled || this.clock.mode !== 'real') return;
    await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [DIGEST_JOB]);
      const [have] = await tx.query(`SELECT id FROM job WHERE kind = $1 AND state = 'ready' AND tenant_id IS NULL LIMIT 1`, [DIGEST_JOB]);
      if (!have) await this.scheduleNext(tx, this.clock.now());
    });
  }

  private async scheduleNext(tx: EntityManager, after: Date): Promise<void> {
    const due = nextHour(after);
    await tx.query(`INSERT INTO job (id, kind, due_at, payload, retries) VALUES ($1, $2, $3, '{}'::jsonb, 3)`, [randomUUID(), DIGEST_JOB, due]);
    this.jobs.wake(due);
  }

  private async scheduleOwn(tx: EntityManager, tenantId: string, after: Date): Promise<void> {
    const [t] = await tx.query(`SELECT time_zone FROM tenant WHERE id = $1`, [tenantId]);
    if (!t) return;
    await tx.query(`INSERT INTO job (id, tenant_id, kind, due_at, payload, retries) VALUES ($1, $2, $3, $4, '{}'::jsonb, 3)`,
      [randomUUID(), tenantId, DIGEST_JOB, nextDigestAt(after, t.time_zone, this.config.digest.hour)]);
  }

  /** The digest of one tenant on its own time: send, then schedule the next day's. */
  private async runForOwnClock(job: JobRow, tx: EntityManager): Promise<void> {
    const at = new Date(job.due_at);
    await this.scheduleOwn(tx, job.tenant_id!, at);
    const [t] = await tx.query(`SELECT is_active FROM tenant WHERE id = $1`, [job.tenant_id]);
    if (!t?.is_active) return;
    try {
      await this.sendForTenant(tx, job.tenant_id!, at);
    } catch (e) {
      this.logger.error(`digest of tenant ${job.tenant_id} failed: ${(e as Error).message}`);
    }
  }

  private async run(job: JobRow, tx: EntityManager): Promise<void> {
    const at = new Date(job.due_at);
    await this.scheduleNext(tx, at);
    const hour = this.config.digest.hour;
    const tenants: { id: string; time_zone: string }[] = await tx.query(
      `SELECT id, time_zone FROM tenant t WHERE is_active AND NOT EXISTS (SELECT 1 FROM tenant_clock c WHERE c.tenant_id = t.id)`);
    for (const t of tenants) {
      if (DateTime.fromJSDate(at, { zone: t.time_zone }).hour !== hour) continue;
      try {
        await this.sendForTenant(tx, t.id, at);
      } catch (e) {
        this.logger.error(`digest of tenant ${t.id} failed: ${(e as Error).message}`);
      }
    }
  }

  /** Sends the digests of one tenant now; returns how many supervisors were told. */
  async sendForTenant(tx: EntityManager, tenantId: string, at: Date): Promise<number> {
    const people: { user_id: string; paths: string[] }[] = await tx.query(
      `SELECT m.user_id, array_agg(DISTINCT o.path) AS paths FROM membership m
       JOIN organization o ON o.id = m.org_id JOIN app_user u ON u.id = m.user_id
       WHERE u.tenant_id = $1 AND u.is_active AND o.is_active AND m.role IN ('supervisor', 'admin') GROUP BY m.user_id`,
      [tenantId],
    );
    let told = 0;
    for (const p of people) {
      const list = await this.alerts.forScope({ tenantId, likes: p.paths.map((x) => `${x}%`) }, { acknowledged: 'false', limit: 10 }, tx);
      if (!list.total) continue;
      const lines = [
        `Просроченных задач и этапов: ${list.total}.`,
        '',
        'По организациям:',
        ...list.byOrganization.slice(0, 15).map((o) => `  ${o.orgName}: ${o.count}`),
        '',
        'По этапам:',
        ...list.byStage.slice(0, 15).map((s) => `  ${s.elementName ?? s.elementId} (${s.processKey}): ${s.count}`),
      ];
      await this.notifications.notify(tx, {
        tenantId, userIds: [p.user_id], kind: 'digest', at,
        subject: `Сводка просрочек: ${list.total}`, body: lines.join('\n'),
        data: { total: list.total, byOrganization: list.byOrganization.slice(0, 50), byStage: list.byStage.slice(0, 50) },
      });
      told++;
    }
    return told;
  }
}
