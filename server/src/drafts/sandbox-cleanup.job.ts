import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import type { JobRow } from '../jobs/job.types.js';
import { SandboxService } from './sandbox.service.js';

/** Job kind of the hourly removal of unused sandboxes. */
export const SANDBOX_CLEANUP_JOB = 'sandbox-cleanup';

const HOUR_MS = 3_600_000;

/**
 * Removes sandboxes unused for `SANDBOX_IDLE_DAYS` (default 14): one `sandbox-cleanup` job of no
 * tenant, every hour on the machine's time (created at start under an advisory lock, so any
 * number of processes keep exactly one).
 */
@Injectable()
export class SandboxCleanupJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Sandbox');

  constructor(
    private readonly ds: DataSource,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(SandboxService) private readonly sandboxes: SandboxService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SANDBOX_CLEANUP_JOB, (job, tx) => this.run(job, tx));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SANDBOX_CLEANUP_JOB]);
      const [have] = await tx.query(`SELECT id FROM job WHERE kind = $1 AND state = 'ready' LIMIT 1`, [SANDBOX_CLEANUP_JOB]);
      if (!have) await this.schedule(tx, new Date(Date.now() + 60_000));
    });
  }

  private async schedule(tx: EntityManager, due: Date): Promise<void> {
    await tx.query(`INSERT INTO job (id, kind, due_at, payload, retries) VALUES ($1, $2, $3, '{}'::jsonb, 3)`, [randomUUID(), SANDBOX_CLEANUP_JOB, due]);
  }

  private async run(_job: JobRow, tx: EntityManager): Promise<void> {
    await this.schedule(tx, new Date(Date.now() + HOUR_MS));
    // each sandbox goes in a transaction of its own (the job's stays short)
    const removed = await this.sandboxes.removeIdle();
    if (removed.length) this.logger.log(`unused sandboxes removed: ${removed.join(', ')}`);
  }
}
