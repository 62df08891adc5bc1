import { Body, Controller, Get, Header, Headers, HttpCode, Inject, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { isUuid } from '../../common/ids.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { languageOf, localize } from '../../common/messages/message-catalogue.js';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { DefinitionStore } from './definition.store.js';
import { DeployCommand } from './deploy.command.js';
import { CreateDeploymentDto, ListDefinitionsQuery } from './deployment.dto.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** Deployments and the versioned process definitions they create. */
@ApiTags('deployments')
@ApiBearerAuth()
@Controller()
export class DeploymentController {
  constructor(
    @Inject(DefinitionStore) private readonly store: DefinitionStore,
    @Inject(DeployCommand) private readonly deploy: DeployCommand,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  @Post('deployments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Deploy BPMN diagrams, forms and a variant file as new versions (tenant administrators and designers); `dryRun: true` checks the same and stores nothing',
  })
  @ApiCreatedResponse({ description: '{ id, processDefinitions: [{ id, key, version, name }], forms, variant } — a dry run answers 200 { dryRun, problems: [], warnings, processes: [{ key, changed, currentVersion, nextVersion, runningInstances }] }' })
  @ApiBadRequestResponse({ description: '{ message, problems: [{ resource, elementId?, message }], warnings } — every problem found (a dry run answers the same)' })
  async create(
    @CurrentUser() user: AuthUser, @Body() body: CreateDeploymentDto, @Res({ passthrough: true }) res: Response,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const tenantId = await this.scope.tenantOf(user, body.tenant);
    this.scope.assertTenantDesigner(user, tenantId);
    const options = { sampleVariables: body.sampleVariables as JsonObject | undefined };
    if (body.dryRun) {
      res.status(200);
      // the warnings are catalogue messages: in the caller's language, as the problems of a 400 are
      return localize(await this.deploy.execute(tenantId, body.name, body.resources, user.id, { ...options, dryRun: true }), languageOf(acceptLanguage));
    }
    return this.deploy.execute(tenantId, body.name, body.resources, user.id, options);
  }

  @Get('deployments')
  @ApiOperation({ summary: 'Deployments of the tenant, newest first, with who deployed them' })
  async list(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    const tenantId = await this.scope.tenantOf(user, tenant);
    const items = await this.store.deployments(tenantId);
    return { items, total: items.length };
  }

  @Get('process-definitions')
  @ApiOperation({ summary: 'Process definitions of the tenant (optionally one key, optionally only the latest versions)' })
  async definitions(@CurrentUser() user: AuthUser, @Query() q: ListDefinitionsQuery) {
    const tenantId = await this.scope.tenantOf(user, q.tenant);
    const latest = q.latest === 'true';
    const items = await this.store.definitions(tenantId, q.key ?? null, latest);
    return { items, total: items.length };
  }

  @Get('process-definitions/:id')
  @ApiOperation({ summary: 'One process definition' })
  async definition(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.findDefinition(user, id, false);
  }

  @Get('process-definitions/:id/xml')
  @Header('content-type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'The BPMN XML of a process definition' })
  async xml(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<string> {
    return (await this.findDefinition(user, id, true)).xml as string;
  }

  private async findDefinition(user: AuthUser, id: string, withXml: boolean): Promise<Record<string, unknown>> {
    if (!isUuid(id)) throw new NotFoundException(msg('start.definitionNotFound', { id }));
    const row = await this.store.definition(id, withXml);
    if (!row || (!user.isSuperadmin && row.tenantId !== user.tenantId)) throw new NotFoundException(msg('start.definitionNotFound', { id }));
    return row;
  }
}
