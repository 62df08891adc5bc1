import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig, JobSettings } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { runWithLogContext } from '../observability/log-context.js';
import { MetricsService } from '../observability/metrics.service.js';
import { ClockService } from '../time/clock.service.js';
import type { FiredJob, JobHandler, JobRow } from './job.types.js';

/** Tunables of the executor (environment variables documented in README.md). */
export type JobExecutorOptions = JobSettings;

/** Job kinds that may share a transaction: no outside calls, short, and idempotent to re-run alone. */
const GROUPABLE = new Set(['timer', 'timer-start']);

/**
 * Jobs judged by the server's time: those of no tenant, and of tenants without a clock of their own
 * (a sandbox's jobs, and every tenant's under the simulated clock, fire only when that tenant's
 * time is moved).
 */
const ON_SERVER_TIME = `(tenant_id IS NULL OR NOT EXISTS (SELECT 1 FROM tenant_clock c WHERE c.tenant_id = job.tenant_id))`;

/** Under `ENGINE_CLOCK=simulated` every tenant is on its own time: only jobs of no tenant run on the machine's. */
const NO_TENANT = `tenant_id IS NULL`;

/** Back-off before the next try: 10 s, 60 s, 5 min, then 30 min. */
export function backoffMs(attempt: number): number {
  return [10_000, 60_000, 300_000][attempt - 1] ?? 1_800_000;
}

/**
 * Takes due jobs (timers, asynchronous continuations, actions) from the `job` table and runs each
 * in its own transaction. Jobs are claimed in batches with `FOR UPDATE SKIP LOCKED` and marked
 * with this process's owner id and a lock expiry, so any number of server processes share the
 * table without running a job twice; a process that dies leaves locks that expire and are taken
 * over. A failing job is retried with back-off and raises an incident when its tries run out.
 */
@Injectable()
export class JobExecutorService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('JobExecutor');
  private readonly handlers = new Map<string, JobHandler>();
  /** This process's lock owner id. */
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running = false;
  private timer?: NodeJS.Timeout;
  private nextWakeAt = Number.POSITIVE_INFINITY;
  private loop?: Promise<void>;
  private readonly opts: JobExecutorOptions;

  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    this.opts = config.jobs;
  }

  /** Registers the handler of a job kind; an unknown kind fails the job with a clear error. */
  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job handler "${kind}" registered twice`);
    this.handlers.set(kind, handler);
  }

  isRunning(): boolean {
    return this.running;
  }

  /**
   * Starts polling for the jobs on the machine's time: jobs of no tenant, and (real clock) of the
   * tenants without a clock of their own. Jobs of a tenant on its own time run only when its time
   * is moved ({@link JobExecutorService.runDue} with the tenant).
   */
  start(): void {
    this.running = true;
    this.schedule(0);
  }

  private serverJobs(): string {
    return this.clock.mode === 'real' ? ON_SERVER_TIME : NO_TENANT;
  }

  /** Stops polling and waits for the jobs in flight, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.loop?.catch(() => undefined);
  }

  /** Tells the executor a job falls due at `dueAt` so it wakes then rather than at the next poll. */
  wake(dueAt: Date): void {
    // under the simulated clock the jobs commands write are every tenant's own: none is the poller's
    if (!this.running || this.clock.mode !== 'real') return;
    const delay = Math.max(0, dueAt.getTime() - Date.now());
    if (Date.now() + delay < this.nextWakeAt) this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextWakeAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextWakeAt = Number.POSITIVE_INFINITY;
      this.loop = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let more = false;
    try {
      const fired = await this.runDue(new Date());
      more = fired.length >= this.opts.batchSize;
    } catch (e) {
      this.logger.error(`poll failed: ${(e as Error).message}`);
    }
    if (!this.running) return;
    if (more) return this.schedule(0);
    let delay = this.opts.pollIntervalMs;
    try {
      const [{ next }] = await this.ds.query(`SELECT min(due_at) AS next FROM job WHERE state = 'ready' AND ${this.serverJobs()}`);
      if (next) delay = Math.min(delay, Math.max(0, new Date(next).getTime() - Date.now()));
    } catch {
      // the next poll tries again
    }
    this.schedule(delay);
  }

  /**
   * Claims the jobs due at `now` (one batch) and runs them; returns what happened to each.
   * Jobs are run oldest due first. The claim walks the partial index on `due_at` and stops at the
   * batch size (ordering by anything more would sort every due row on each claim).
   */
  async runDue(now: Date, limit = this.opts.batchSize, tenantId?: string): Promise<FiredJob[]> {
    // Lock expiry is judged on the machine's time: a tenant's own time may stand still for days.
    const real = new Date();
    const lockUntil = new Date(real.getTime() + this.opts.lockDurationMs);
    const whose = tenantId ? `tenant_id = $5::uuid` : `$5::uuid IS NULL AND ${this.serverJobs()}`;
    const claimed: JobRow[] = await this.ds.query(
      `UPDATE job SET lock_owner = $1, lock_expires_at = $2
       WHERE id IN (
         SELECT id FROM job
         WHERE state = 'ready' AND due_at <= $3 AND (lock_expires_at IS NULL OR lock_expires_at < $6) AND ${whose}
         ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING id, tenant_id, kind, instance_id, definition_id, element_id, execution_id, due_at, payload, retries, attempts`,
      [this.owner, lockUntil, now, limit, tenantId ?? null, real],
    ).then((r: [JobRow[], number] | JobRow[]) => (Array.isArray(r[0]) ? (r[0] as JobRow[]) : (r as JobRow[])));
    const out: FiredJob[] = [];
    // Tries are counted when a run starts (see `markStarted`). A job that is ready although its
    // tries are used up never finished those runs — its process died holding it (killed, out of
    // memory): it is not run again (it would take this process down too) but fails into an incident.
    const jobs: JobRow[] = [];
    for (const job of claimed) {
      if (job.attempts >= Math.max(1, job.retries)) out.push(await this.failNeverFinished(job, now));
      else jobs.push(job);
    }
    jobs.sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime());
    // Jobs of one instance run in order; different instances in parallel up to `concurrency`.
    const byInstance = new Map<string, JobRow[]>();
    for (const j of jobs) {
      const k = j.instance_id ?? j.id;
      (byInstance.get(k) ?? byInstance.set(k, []).get(k)!).push(j);
    }
    const queues = [...byInstance.values()];
    // Timer jobs are committed in groups (one transaction for several instances' timers: the
    // commit is most of a firing's cost); everything else runs one job per transaction.
    // A job tried before runs alone, so that a job that kills its process never takes a group's
    // other jobs' tries with it.
    const groupable = (q: JobRow[]) => q.every((j) => GROUPABLE.has(j.kind) && j.attempts === 0);
    const single = queues.filter((q) => !groupable(q));
    const grouped = queues.filter(groupable);
    const workers = Math.min(this.opts.concurrency, queues.length);
    const size = Math.max(1, Math.min(this.opts.groupSize, Math.ceil(grouped.length / Math.max(1, workers))));
    const units: JobRow[][][] = [...single.map((q) => [q])];
    for (let i = 0; i < grouped.length; i += size) units.push(grouped.slice(i, i + size));
    const worker = async () => {
      for (let u = units.shift(); u; u = units.shift()) {
        if (u.length > 1) {
          const counted = await this.markStarted(u.flat());
          if (await this.runGroup(u, now, out)) continue;
          // the group rolled back: each job runs alone, on the try already counted
          for (const q of u) for (const job of q) out.push(counted.has(job.id) ? await this.runOne(job, now) : this.skipped(job, now));
          continue;
        }
        for (const q of u) {
          for (const job of q) out.push((await this.markStarted([job])).has(job.id) ? await this.runOne(job, now) : this.skipped(job, now));
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    return out;
  }

  /**
   * Counts a try of each job, committed before it runs, so that a run that never finishes (its
   * process dies) has used the try all the same. Returns the ids still held by this process (a job
   * taken over meanwhile is not run here).
   */
  private async markStarted(jobs: JobRow[]): Promise<Set<string>> {
    const rows: { id: string; attempts: number }[] = await this.ds.query(
      `UPDATE job SET attempts = attempts + 1 WHERE id = ANY($1::uuid[]) AND lock_owner = $2 RETURNING id, attempts`,
      [jobs.map((j) => j.id), this.owner],
    ).then((r: unknown) => (Array.isArray((r as unknown[])[0]) ? (r as [{ id: string; attempts: number }[]])[0] : (r as { id: string; attempts: number }[])));
    const attempts = new Map(rows.map((r) => [r.id, r.attempts]));
    for (const job of jobs) if (attempts.has(job.id)) job.attempts = attempts.get(job.id)!;
    return new Set(attempts.keys());
  }

  private skipped(job: JobRow, now: Date): FiredJob {
    return { id: job.id, kind: job.kind, dueAt: new Date(job.due_at).toISOString(), firedAt: now.toISOString(), ok: false };
  }

  /** Fails a job whose runs all died unfinished: an incident, and no further run. */
  private async failNeverFinished(job: JobRow, now: Date): Promise<FiredJob> {
    const message = `задание запускалось ${job.attempts} раз(а) и ни разу не завершилось: процесс сервера, выполнявший его, остановился (убит или исчерпал память); снова не запускается`;
    await this.recordFailure(job, message, now).catch((err: Error) =>
      this.logger.error(`could not record the failure of job ${job.id}: ${err.message}`),
    );
    return { id: job.id, kind: job.kind, dueAt: new Date(job.due_at).toISOString(), firedAt: now.toISOString(), ok: false, error: message };
  }

  /**
   * Runs the jobs of several instances in one transaction, oldest due first. All of them commit,
   * or none: on any error (a failing handler, a job taken over meanwhile, a deadlock with another
   * group) the group rolls back and returns false, and the caller runs each job alone (one
   * transaction each, with the usual failure handling), so a failure costs only a re-run.
   */
  private async runGroup(group: JobRow[][], now: Date, out: FiredJob[]): Promise<boolean> {
    const jobs = group.flat().sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime());
    const t0 = performance.now();
    try {
      await this.ds.transaction(async (tx) => {
        const mine: { id: string }[] = await tx.query(
          `SELECT id FROM job WHERE id = ANY($1::uuid[]) AND lock_owner = $2 ORDER BY id FOR UPDATE`,
          [jobs.map((j) => j.id), this.owner],
        );
        // a job taken over or cancelled meanwhile: let each run alone decide
        if (mine.length !== jobs.length) throw new Error('group changed');
        for (const job of jobs) {
          const handler = this.handlers.get(job.kind);
          if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
          if ((await handler(job, tx)) !== 'keep') await tx.query(`DELETE FROM job WHERE id = $1`, [job.id]);
        }
      });
    } catch {
      return false;
    }
    const each = (performance.now() - t0) / 1000 / jobs.length;
    for (const job of jobs) {
      out.push({ id: job.id, kind: job.kind, dueAt: new Date(job.due_at).toISOString(), firedAt: now.toISOString(), ok: true });
      this.metrics.observeJob(job.kind, each, 'ok');
    }
    return true;
  }

  private async runOne(job: JobRow, now: Date): Promise<FiredJob> {
    const t0 = performance.now();
    // Log lines of the job carry its id (and the request that scheduled it, when it recorded one).
    const requestId = typeof job.payload?.requestId === 'string' ? job.payload.requestId : undefined;
    const fired = await runWithLogContext({ jobId: job.id, requestId }, () => this.tryOne(job, now));
    this.metrics.observeJob(job.kind, (performance.now() - t0) / 1000, fired.ok ? 'ok' : fired.error === undefined ? 'skipped' : 'failed');
    return fired;
  }

  private async tryOne(job: JobRow, now: Date, attempt = 1): Promise<FiredJob> {
    const base = { id: job.id, kind: job.kind, dueAt: new Date(job.due_at).toISOString(), firedAt: now.toISOString() };
    try {
      const ran = await this.ds.transaction(async (tx) => {
        const mine = await tx.query(`SELECT id FROM job WHERE id = $1 AND lock_owner = $2 FOR UPDATE`, [job.id, this.owner]);
        if (!mine.length) return false; // taken over after our lock expired, or cancelled meanwhile
        const handler = this.handlers.get(job.kind);
        if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
        if ((await handler(job, tx)) !== 'keep') await tx.query(`DELETE FROM job WHERE id = $1`, [job.id]);
        return true;
      });
      return { ...base, ok: ran };
    } catch (e) {
      // A deadlock (e.g. this timer against a user completing the same instance's task, who removes the
      // timer's job) is PostgreSQL choosing a victim, not a failure of the job: try again, uncounted.
      const code = (e as { code?: string; driverError?: { code?: string } }).code ?? (e as { driverError?: { code?: string } }).driverError?.code;
      if (attempt < 4 && (code === '40P01' || code === '40001')) return this.tryOne(job, now, attempt + 1);
      const message = (e as Error).message;
      await this.recordFailure(job, message, now).catch((err: Error) =>
        this.logger.error(`could not record the failure of job ${job.id}: ${err.message}`),
      );
      return { ...base, ok: false, error: message };
    }
  }

  /** Records a failed try (already counted when it started): back-off, or `failed` and an incident when the tries are used up. */
  private async recordFailure(job: JobRow, message: string, now: Date): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const attempts = job.attempts;
      const exhausted = attempts >= job.retries;
      const updated = await tx.query(
        `UPDATE job SET attempts = $2, last_error = $3, lock_owner = NULL, lock_expires_at = NULL,
           state = $4, due_at = $5 WHERE id = $1 RETURNING id`,
        [job.id, attempts, message, exhausted ? 'failed' : 'ready', new Date(now.getTime() + (exhausted ? 0 : backoffMs(attempts)))],
      );
      // The job is gone: removed meanwhile by the command that made it moot (its task was completed).
      const rows = Array.isArray(updated[0]) ? updated[0] : updated;
      if (!rows.length) return;
      if (exhausted && job.tenant_id) {
        const incidentId = randomUUID();
        await tx.query(
          `INSERT INTO incident (id, tenant_id, instance_id, element_id, execution_id, job_id, kind, message, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'job-failed', $7, $8)`,
          [incidentId, job.tenant_id, job.instance_id, job.element_id, job.execution_id, job.id, message, now],
        );
        await tx.query(
          `INSERT INTO history_event (tenant_id, instance_id, at, type, element_id, execution_id, data)
           VALUES ($1, $2, $3, 'incidentRaised', $4, $5, $6)`,
          [job.tenant_id, job.instance_id, now, job.element_id, job.execution_id,
            { incidentId, jobId: job.id, kind: job.kind, attempts, message }],
        );
      }
    });
    this.logger.warn(`job ${job.id} (${job.kind}) of instance ${job.instance_id ?? '-'} failed (try ${job.attempts} of ${job.retries}): ${message.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  /** The earliest due time of a ready job of the tenant at or before `until`, or undefined. */
  async nextDue(until: Date, tenantId: string): Promise<Date | undefined> {
    const [{ next }] = await this.ds.query(`SELECT min(due_at) AS next FROM job WHERE state = 'ready' AND tenant_id = $2 AND due_at <= $1`, [until, tenantId]);
    return next ? new Date(next) : undefined;
  }
}
