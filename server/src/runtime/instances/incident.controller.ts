import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { isUuid } from '../../common/ids.js';
import { ClockService } from '../../jobs/clock.service.js';
import { JobExecutorService } from '../../jobs/job-executor.service.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from './engine.service.js';

/** Incidents (a step that could not proceed) and jobs, for tenant administrators. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller()
export class IncidentController {
  constructor(
    private readonly ds: DataSource,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
  ) {}

  @Get('incidents')
  @ApiOperation({ summary: 'Open incidents of the tenant (optionally of one instance)' })
  async list(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string, @Query('processInstanceId') instanceId?: string) {
    const tenantId = await this.scope.tenantOf(user, tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    const items = await this.ds.query(
      `SELECT i.id, i.instance_id AS "processInstanceId", pi.process_key AS "processKey", i.element_id AS "elementId",
         i.execution_id AS "executionId", i.job_id AS "jobId", i.kind, i.message, i.created_at AS "createdAt"
       FROM incident i LEFT JOIN process_instance pi ON pi.id = i.instance_id
       WHERE i.tenant_id = $1 AND ($2::uuid IS NULL OR i.instance_id = $2) ORDER BY i.created_at`,
      [tenantId, instanceId && isUuid(instanceId) ? instanceId : null],
    );
    return { items, total: items.length };
  }

  @Post('incidents/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry the step behind an incident (after its cause was fixed)' })
  async retry(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    if (!isUuid(id)) throw new NotFoundException(`incident ${id} not found`);
    const [inc] = await this.ds.query(`SELECT id, tenant_id, instance_id, element_id, job_id, kind FROM incident WHERE id = $1`, [id]);
    if (!inc || (!user.isSuperadmin && inc.tenant_id !== user.tenantId)) throw new NotFoundException(`incident ${id} not found`);
    this.scope.assertTenantAdmin(user, inc.tenant_id);
    if (inc.kind === 'job-failed' && inc.job_id && !(await this.engineKnows(inc.instance_id, id))) {
      // A job whose tries ran out in the executor (not an engine incident): make it due again.
      const now = await this.clock.read(inc.tenant_id);
      await this.ds.transaction(async (tx) => {
        await tx.query(`UPDATE job SET state = 'ready', attempts = 0, retries = greatest(retries, 1), due_at = $2, lock_owner = NULL, lock_expires_at = NULL WHERE id = $1`,
          [inc.job_id, now]);
        await tx.query(`DELETE FROM incident WHERE id = $1`, [id]);
        await tx.query(`INSERT INTO history_event (tenant_id, instance_id, at, type, user_id, data) VALUES ($1, $2, $3, 'incidentResolved', $4, $5)`,
          [inc.tenant_id, inc.instance_id, now, user.id, { incidentId: id, retried: true }]);
      });
      this.jobs.wake(now);
    } else {
      await this.engine.run(inc.tenant_id, user.id, (uow) => uow.execute(inc.instance_id, { type: 'retryIncident', incidentId: id }));
    }
    // The retried incident row is gone either way; a step that failed again raised a new one on the same element.
    const [still] = await this.ds.query(`SELECT id, message FROM incident WHERE instance_id = $1 AND element_id = $2`, [inc.instance_id, inc.element_id]);
    return { retried: true, resolved: !still, incident: still ?? null };
  }

  private async engineKnows(instanceId: string | null, incidentId: string): Promise<boolean> {
    if (!instanceId) return false;
    const [row] = await this.ds.query(`SELECT engine_state->'incidents' ? $2 AS known FROM process_instance WHERE id = $1`, [instanceId, incidentId]);
    return !!row?.known;
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of the tenant (timers, actions), e.g. ?state=failed' })
  @ApiQuery({ name: 'state', required: false, enum: ['ready', 'failed'] })
  async jobsList(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string, @Query('state') state?: string) {
    const tenantId = await this.scope.tenantOf(user, tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    const items = await this.ds.query(
      `SELECT id, kind, instance_id AS "processInstanceId", element_id AS "elementId", due_at AS "dueAt", state, retries, attempts,
         last_error AS "lastError", lock_owner AS "lockOwner", created_at AS "createdAt"
       FROM job WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2) ORDER BY due_at LIMIT 1000`,
      [tenantId, state ?? null],
    );
    return { items, total: items.length };
  }
}
