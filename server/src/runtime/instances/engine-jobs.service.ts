import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { nextTimerFiring } from '../../engine/timers/timer-spec.js';
import type { TimerDefinition } from '../../engine/model/process-model.types.js';
import { JobExecutorService } from '../../jobs/job-executor.service.js';
import type { JobRow } from '../../jobs/job.types.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import { EngineService } from './engine.service.js';

/**
 * The engine's job kinds: `timer` (an instance's timer fires), `timer-start` (a definition's timer
 * start event starts an instance — or, for a process declared `startFor: { level }`, one instance
 * per active organisation of that level — and schedules its next firing) and `action` (an asynchronous
 * built-in action such as `http`, performed here and reported back to the engine).
 */
@Injectable()
export class EngineJobsService implements OnModuleInit {
  private readonly logger = new Logger('EngineJobs');

  constructor(
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('timer', (job, tx) => this.fireTimer(job, tx));
    this.jobs.register('timer-start', (job, tx) => this.fireTimerStart(job, tx));
    this.jobs.register('action', (job, tx) => this.runAction(job, tx));
  }

  private async fireTimer(job: JobRow, tx: EntityManager): Promise<'keep'> {
    await this.engine.runIn(tx, job.tenant_id!, null, (uow) => uow.execute(job.instance_id!, { type: 'fireTimer', jobId: job.id }));
    // The engine removed the job (its `jobRemoved` effect deleted the row); a repeating cycle wrote its next firing.
    return 'keep';
  }

  private async fireTimerStart(job: JobRow, tx: EntityManager): Promise<void> {
    const p = job.payload as { timer: TimerDefinition; fired?: number; startEventId: string };
    await this.engine.runIn(tx, job.tenant_id!, null, async (uow) => {
      const def = await this.engine.definitions.get(tx, job.definition_id!);
      const level = uow.tenant.startFor.get(def.key)?.level;
      if (level) {
        // One instance per active organisation of the level, each belonging to it (its roles resolve
        // there). The `cycle_firing` row makes it once per organisation and firing, whoever runs the job.
        const orgs: { id: string }[] = await tx.query(
          `SELECT id FROM organization WHERE tenant_id = $1 AND level = $2 AND is_active ORDER BY path`,
          [job.tenant_id, level],
        );
        for (const org of orgs) {
          const instanceId = randomUUID();
          const [claimed] = await tx.query(
            `INSERT INTO cycle_firing (tenant_id, process_key, element_id, fire_at, org_id, instance_id) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT DO NOTHING RETURNING org_id`,
            [job.tenant_id, def.key, p.startEventId, job.due_at, org.id, instanceId],
          );
          if (claimed) await uow.start(def, { startEventId: p.startEventId, instanceId }, { orgId: org.id, startedBy: null, subject: null });
        }
      } else {
        await uow.start(def, { startEventId: p.startEventId }, { orgId: null, startedBy: null });
      }
      // A cycle schedules its next firing in the same transaction as this one.
      const fired = (p.fired ?? 0) + 1;
      const next = nextTimerFiring(p.timer, new Date(job.due_at), uow.tenant.timeZone, uow.tenant.calendar, fired);
      if (next) {
        await tx.query(
          `INSERT INTO job (id, tenant_id, kind, definition_id, element_id, due_at, payload) VALUES ($1, $2, 'timer-start', $3, $4, $5, $6)`,
          [randomUUID(), job.tenant_id, job.definition_id, job.element_id, next, { ...p, fired }],
        );
        uow.wakeups.push(next);
      }
    });
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
    await this.engine.runIn(tx, job.tenant_id!, null, (uow) => uow.execute(job.instance_id!, { type: 'completeJob', jobId: job.id, variables }));
    // The engine removed the job with its effects.
    return 'keep';
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
