import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { isUuid } from '../../common/ids.js';
import { RetryIncidentCommand } from '../commands/retry-incident.command.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { IncidentStore } from './incident.store.js';

/** Incidents (a step that could not proceed) and jobs, for tenant administrators. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller()
export class IncidentController {
  constructor(
    @Inject(IncidentStore) private readonly incidentStore: IncidentStore,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(RetryIncidentCommand) private readonly retryIncident: RetryIncidentCommand,
  ) {}

  @Get('incidents')
  @ApiOperation({ summary: 'Open incidents of the tenant (optionally of one instance)' })
  async list(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string, @Query('processInstanceId') instanceId?: string) {
    const tenantId = await this.scope.tenantOf(user, tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    const items = await this.incidentStore.list(tenantId, instanceId && isUuid(instanceId) ? instanceId : null);
    return { items, total: items.length };
  }

  @Post('incidents/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry the step behind an incident (after its cause was fixed)' })
  retry(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.retryIncident.execute({ user, incidentId: id });
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of the tenant (timers, actions), e.g. ?state=failed' })
  @ApiQuery({ name: 'state', required: false, enum: ['ready', 'failed'] })
  async jobsList(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string, @Query('state') state?: string) {
    const tenantId = await this.scope.tenantOf(user, tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    const items = await this.incidentStore.jobs(tenantId, state ?? null);
    return { items, total: items.length };
  }
}
