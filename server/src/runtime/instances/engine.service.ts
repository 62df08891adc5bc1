import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../time/clock.service.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { Engine } from '../../engine/engine.js';
import { JobExecutorService } from '../../jobs/job-executor.service.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import { RuntimeEventsService } from './runtime-events.service.js';
import { UnitOfWork } from './unit-of-work.js';

/** How {@link EngineService.run} runs a command. */
export interface RunOptions {
  /** The engine instant the command acts at; default: the tenant clock's now. */
  at?: Date;
}

/** PostgreSQL codes worth one more try: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs public operations on the engine: each is one {@link UnitOfWork} in one transaction,
 * retried when PostgreSQL resolves a deadlock by aborting it. After commit, the job executor is
 * told when the jobs just written fall due.
 */
@Injectable()
export class EngineService {
  /** The pure engine core; ids are random UUIDs; FEEL bounded by the configured limits. */
  readonly engine: Engine;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
    @Inject(DefinitionCacheService) readonly definitions: DefinitionCacheService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(RuntimeEventsService) private readonly events: RuntimeEventsService,
  ) {
    this.engine = new Engine({ newId: randomUUID, feelLimits: config.feelLimits });
  }

  /**
   * Runs `fn` as one command in a new transaction: the only path by which a public operation
   * (`runtime/commands/*.command.ts`) changes runtime state. `options.at` dates the command at
   * another engine instant than the tenant clock's now (demo data placed in the past).
   */
  async run<T>(tenantId: string, userId: string | null, fn: (uow: UnitOfWork) => Promise<T>, options: RunOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const wakeups: Date[] = [];
      try {
        const result = await this.ds.transaction(async (tx) => {
          const uow = await this.unitOfWork(tx, tenantId, userId, options.at);
          const r = await fn(uow);
          await uow.flush();
          wakeups.push(...uow.wakeups);
          return r;
        });
        for (const w of wakeups) this.jobs.wake(w);
        return result;
      } catch (e) {
        const code = (e as { code?: string; driverError?: { code?: string } }).code ?? (e as { driverError?: { code?: string } }).driverError?.code;
        if (attempt < 4 && code && RETRYABLE.has(code)) continue;
        throw e;
      }
    }
  }

  /** Runs `fn` inside a transaction that is already open (job handlers). */
  async runIn<T>(tx: EntityManager, tenantId: string, userId: string | null, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const uow = await this.unitOfWork(tx, tenantId, userId);
    const r = await fn(uow);
    await uow.flush();
    // The job's transaction has not committed yet; waking early only costs an empty poll.
    for (const w of uow.wakeups) this.jobs.wake(w);
    return r;
  }

  private async unitOfWork(tx: EntityManager, tenantId: string, userId: string | null, at?: Date): Promise<UnitOfWork> {
    const tenant = await this.tenants.get(tenantId, tx);
    const now = at ?? await this.clock.read(tenantId, tx, tenant.ownClock);
    return new UnitOfWork(tx, tenant, now, userId, this.engine, this.definitions, this.events);
  }
}
