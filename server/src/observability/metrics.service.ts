import http from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ReadPoolService } from '../database/read-pool.service.js';
import { observeCommands } from './command-observers.js';

/** Latency buckets (seconds) shared by requests, commands and jobs. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Counts read from the database at each scrape (engine time for the job lag). */
interface DbStats {
  due_jobs: number;
  locked_jobs: number;
  failed_jobs: number;
  oldest_due_seconds: number;
  open_incidents: number;
  outbox_pending: number;
  outbox_failed: number;
  outbox_oldest_seconds: number;
}

/**
 * The server's metrics in Prometheus text format (prom-client), one registry per application:
 * HTTP request latency by route, engine command and job counts and latencies, job lag, due and
 * locked jobs, open incidents, the e-mail outbox, connection pools, and Node's own process
 * metrics (event-loop lag among them). Database counts are read at scrape time, once per scrape.
 * Served at `/metrics` (see {@link MetricsController}) or on `METRICS_PORT`.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly commandDuration: Histogram<'command' | 'outcome'>;
  private readonly jobDuration: Histogram<'kind' | 'outcome'>;
  private readonly jobsRun: Counter<'kind' | 'outcome'>;
  private readonly stopObserving: () => void;
  private server?: http.Server;
  private scrape?: Promise<DbStats | undefined>;

  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(ReadPoolService) private readonly readPool: ReadPoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP requests by method, route pattern and status', labelNames: ['method', 'route', 'status'], buckets: BUCKETS, registers });
    this.commandDuration = new Histogram({ name: 'engine_command_duration_seconds', help: 'Engine commands (start, complete a task, correlate a message, …) by type and outcome', labelNames: ['command', 'outcome'], buckets: BUCKETS, registers });
    this.jobDuration = new Histogram({ name: 'job_duration_seconds', help: 'Jobs run by the job executor, by kind and outcome', labelNames: ['kind', 'outcome'], buckets: BUCKETS, registers });
    this.jobsRun = new Counter({ name: 'jobs_run_total', help: 'Jobs run by this process, by kind and outcome (ok, failed, skipped: taken over or cancelled)', labelNames: ['kind', 'outcome'], registers });
    this.stopObserving = observeCommands((command, seconds, ok) => this.commandDuration.observe({ command, outcome: ok ? 'ok' : 'error' }, seconds));

    const dbStats = () => this.dbStats();
    const stat = (name: string, help: string, pick: (s: DbStats) => number) =>
      new Gauge({
        name, help, registers,
        collect: async function (this: Gauge) {
          const s = await dbStats();
          if (s) this.set(pick(s));
        },
      });
    stat('jobs_due', 'Jobs due now (engine time) and not locked by a process', (s) => s.due_jobs);
    stat('jobs_locked', 'Jobs claimed by a process whose lock has not expired', (s) => s.locked_jobs);
    stat('jobs_failed', 'Jobs whose tries ran out (each has an incident)', (s) => s.failed_jobs);
    stat('job_lag_seconds', 'Age of the oldest due job (engine time): how far the executor is behind', (s) => s.oldest_due_seconds);
    stat('incidents_open', 'Open incidents', (s) => s.open_incidents);
    stat('mail_outbox_pending', 'E-mails waiting to be sent', (s) => s.outbox_pending);
    stat('mail_outbox_failed', 'E-mails given up after MAIL_MAX_ATTEMPTS tries', (s) => s.outbox_failed);
    stat('mail_outbox_oldest_pending_seconds', 'Age of the oldest unsent e-mail', (s) => s.outbox_oldest_seconds);
    const mainPool = () => (this.ds.driver as unknown as { master?: pg.Pool }).master;
    const readPoolStats = () => this.readPool.stats();
    new Gauge({
      name: 'db_pool_connections', help: 'PostgreSQL connections by pool (main, read) and state (total, idle, waiting requests)', labelNames: ['pool', 'state'], registers,
      collect: function (this: Gauge<'pool' | 'state'>) {
        const pools: [string, Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'> | undefined][] = [
          ['main', mainPool()],
          ['read', readPoolStats()],
        ];
        for (const [pool, p] of pools) {
          if (!p) continue;
          this.set({ pool, state: 'total' }, p.totalCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
          this.set({ pool, state: 'waiting' }, p.waitingCount);
        }
      },
    });
  }

  /** The database counts of this scrape (one query, shared by the gauges of one scrape). */
  private dbStats(): Promise<DbStats | undefined> {
    this.scrape ??= this.ds
      .query(
        `SELECT
           (SELECT count(*) FROM job WHERE state = 'ready' AND due_at <= $1 AND (lock_expires_at IS NULL OR lock_expires_at < now()))::int AS due_jobs,
           (SELECT count(*) FROM job WHERE state = 'ready' AND lock_expires_at >= now())::int AS locked_jobs,
           (SELECT count(*) FROM job WHERE state = 'failed')::int AS failed_jobs,
           coalesce(extract(epoch FROM $1 - (SELECT min(due_at) FROM job WHERE state = 'ready' AND due_at <= $1)), 0)::float AS oldest_due_seconds,
           (SELECT count(*) FROM incident)::int AS open_incidents,
           (SELECT count(*) FROM mail_outbox WHERE state = 'pending')::int AS outbox_pending,
           (SELECT count(*) FROM mail_outbox WHERE state = 'failed')::int AS outbox_failed,
           coalesce(extract(epoch FROM now() - (SELECT min(created_at) FROM mail_outbox WHERE state = 'pending')), 0)::float AS outbox_oldest_seconds`,
        [this.clock.now()],
      )
      .then((rows: DbStats[]) => rows[0])
      .catch((e: Error) => {
        this.logger.warn(`database counts not read: ${e.message}`);
        return undefined;
      })
      .finally(() => setImmediate(() => (this.scrape = undefined)));
    return this.scrape;
  }

  /** Express middleware timing every request by its route pattern (not its path: bounded labels). */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.httpDuration.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? String(req.route.path) : req.path.startsWith('/api') ? 'unmatched' : 'web app';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  /** Records one job run by the executor. */
  observeJob(kind: string, seconds: number, outcome: 'ok' | 'failed' | 'skipped'): void {
    this.jobsRun.inc({ kind, outcome });
    this.jobDuration.observe({ kind, outcome }, seconds);
  }

  /** The text of a scrape. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  /** With `METRICS_PORT`: `/metrics` on its own listener (METRICS_HOST), not on the main port. */
  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.config.metrics;
    if (!port) return;
    this.server = http.createServer((req, res) => {
      void this.answer(req.url ?? '', req.headers.authorization).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': status === 200 ? this.registry.contentType : 'text/plain; charset=utf-8' }).end(body);
      });
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, host, resolve));
    this.logger.log(`metrics at http://${host}:${port}/metrics`);
  }

  /** The answer to a request for `url` on the metrics port. */
  private async answer(url: string, authorization: string | undefined): Promise<{ status: number; body: string }> {
    if (url.split('?')[0] !== '/metrics') return { status: 404, body: 'not found\n' };
    if (!this.tokenAccepted(authorization)) return { status: 401, body: 'a bearer token (METRICS_TOKEN) is required\n' };
    return { status: 200, body: await this.text() };
  }

  /** Whether `authorization` carries METRICS_TOKEN (always true when none is set). */
  tokenAccepted(authorization: string | undefined): boolean {
    const token = this.config.metrics.token;
    return !token || authorization === `Bearer ${token}`;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopObserving();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
