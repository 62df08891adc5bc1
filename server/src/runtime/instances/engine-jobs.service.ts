import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { JobExecutorService } from '../../jobs/job-executor.service.js';
import type { JobRow } from '../../jobs/job.types.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import { CompleteActionJobCommand } from '../commands/complete-action-job.command.js';
import { FireTimerCommand } from '../commands/fire-timer.command.js';
import { FireTimerStartCommand } from '../commands/fire-timer-start.command.js';

/**
 * The engine's job kinds, each run by its command: `timer` ({@link FireTimerCommand}),
 * `timer-start` ({@link FireTimerStartCommand}) and `action` (an asynchronous built-in action such
 * as `http`, performed here and reported back by {@link CompleteActionJobCommand}).
 */
@Injectable()
export class EngineJobsService implements OnModuleInit {
  private readonly logger = new Logger('EngineJobs');

  constructor(
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(FireTimerCommand) private readonly fireTimer: FireTimerCommand,
    @Inject(FireTimerStartCommand) private readonly fireTimerStart: FireTimerStartCommand,
    @Inject(CompleteActionJobCommand) private readonly completeAction: CompleteActionJobCommand,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('timer', (job, tx) => this.fireTimer.execute({ job, tx }));
    this.jobs.register('timer-start', (job, tx) => this.fireTimerStart.execute({ job, tx }));
    this.jobs.register('action', (job, tx) => this.runAction(job, tx));
  }

  /**
   * Performs an asynchronous action. A failure (an unreachable endpoint, an error status, an
   * endpoint the tenant did not configure) throws: the executor rolls this transaction back and
   * retries the job with back-off; when the job's tries (`retries` header, 3 by default) are used
   * up it raises an incident, and the job waits as `failed` until the incident is retried.
   */
  private async runAction(job: JobRow, tx: EntityManager): Promise<'keep' | void> {
    const { actionType, input } = job.payload as { actionType: string; input: JsonObject };
    if (actionType !== 'http') throw new Error(`no worker for action type "${actionType}"`);
    const variables = await this.http(job.tenant_id!, input);
    return this.completeAction.execute({ job, tx, variables });
  }

  /** Calls an endpoint the tenant configured; the diagram names it, it never supplies a URL. */
  private async http(tenantId: string, input: JsonObject): Promise<JsonObject> {
    const tenant = await this.tenants.get(tenantId);
    const name = String(input.endpoint ?? '');
    const ep = tenant.httpEndpoints[name];
    if (!ep) throw new Error(`HTTP endpoint "${name}" is not configured for this tenant (variant.json httpEndpoints)`);
    const url = ep.url + (input.path ? String(input.path) : '');
    const method = String(input.method ?? ep.method ?? 'POST').toUpperCase();
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...(ep.headers ?? {}) },
      body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(input.body ?? {}),
      signal: AbortSignal.timeout(ep.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // keep the text
    }
    if (!res.ok) throw new Error(`HTTP ${method} ${name} answered ${res.status}`);
    this.logger.debug(`HTTP ${method} ${name}: ${res.status}`);
    const resultVariable = String(input.resultVariable ?? 'response');
    return { [resultVariable]: { status: res.status, body: body as JsonObject } };
  }
}
