import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MIGRATIONS } from '../../../migrations/index.js';
import { DB_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../common/db-errors.js';
import { Public } from '../common/public.decorator.js';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import { HealthStore } from './health.store.js';

/**
 * Liveness and readiness: database reachable, migrations applied, job executor running. When the
 * database cannot be asked, the migration counts are unknown (null), not zero.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthStore) private readonly store: HealthStore,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Health of the server: database, migrations, job executor (503 when any is not ok)' })
  @ApiOkResponse({
    description:
      '{ status, database: "ok" | "unavailable", migrations: { applied, pending } (null when the database cannot be asked), jobExecutor }; never the database address',
  })
  async health(@Res({ passthrough: true }) res: Response) {
    let database: 'ok' | 'unavailable' = 'ok';
    let applied: number | null = null;
    let reason: string | undefined;
    try {
      applied = await this.store.appliedMigrations();
    } catch (e) {
      database = 'unavailable';
      // What kind of failure, not its text: driver messages carry the host and port.
      reason = isDatabaseUnavailable(e) ? 'база данных недоступна' : 'запрос к базе данных не выполнен';
    }
    const pending = applied === null ? null : MIGRATIONS.length - applied;
    const jobExecutor = this.jobs.isRunning() ? 'running' : 'stopped';
    const ok = database === 'ok' && pending === 0 && jobExecutor === 'running';
    if (!ok) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      if (database !== 'ok') res.setHeader('Retry-After', String(DB_RETRY_AFTER_SECONDS));
    }
    return { status: ok ? 'ok' : 'error', database, ...(reason ? { message: reason } : {}), migrations: { applied, pending }, jobExecutor };
  }
}
