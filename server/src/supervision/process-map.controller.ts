import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { ProcessMapService } from './process-map.service.js';

/** The process map: counts per element, and one instance's path and timeline. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller()
export class ProcessMapController {
  constructor(@Inject(ProcessMapService) private readonly map: ProcessMapService) {}

  @Get('process-definitions/:id/stats')
  @ApiOperation({ summary: 'Active, overdue, incident and completed counts per element of a definition, over the organisation subtree (supervisors)' })
  @ApiQuery({ name: 'orgId', required: false })
  @ApiQuery({ name: 'allVersions', required: false, enum: ['true', 'false'], description: 'count every version of the process key' })
  stats(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query('orgId') orgId?: string, @Query('allVersions') allVersions?: string) {
    return this.map.stats(user, id, orgId || undefined, allVersions === 'true');
  }

  @Get('supervision/organizations')
  @ApiOperation({ summary: 'Organisations in the subtrees the caller supervises, in tree order (filters of the supervision pages)' })
  @ApiQuery({ name: 'tenant', required: false, description: 'tenant key or id (superadmin only)' })
  organizations(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    return this.map.organizations(user, tenant || undefined);
  }

  @Get('supervision/instances/:id')
  @ApiOperation({ summary: 'One instance for the map: path taken (history), current tokens, timeline, variables, tasks, incidents, acknowledgements' })
  instance(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.map.instance(user, id);
  }
}
