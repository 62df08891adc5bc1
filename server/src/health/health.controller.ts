import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { Public } from '../common/public.decorator.js';
import { JobExecutorService } from '../jobs/job-executor.service.js';

/** Liveness and readiness: database reachable, migrations applied, job executor running. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Health of the server: database, migrations, job executor (503 when any is not ok)' })
  @ApiOkResponse({ description: '{ status, database, migrations: { applied, pending }, jobExecutor }' })
  async health(@Res({ passthrough: true }) res: Response) {
    let database = 'ok';
    let applied = 0;
    try {
      const rows: { name: string }[] = await this.ds.query('SELECT name FROM schema_migration');
      applied = rows.length;
    } catch (e) {
      database = `error: ${(e as Error).message}`;
    }
    const pending = MIGRATIONS.length - applied;
    const jobExecutor = this.jobs.isRunning() ? 'running' : 'stopped';
    const ok = database === 'ok' && pending === 0 && jobExecutor === 'running';
    if (!ok) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'error', database, migrations: { applied, pending }, jobExecutor };
  }
}
