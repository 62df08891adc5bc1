import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { DeploymentResourceDto } from '../runtime/definitions/deployment.dto.js';
import { CallerScopeService } from '../runtime/tenancy/caller-scope.service.js';
import { DraftsService } from './drafts.service.js';
import { SandboxService } from './sandbox.service.js';

/** `POST /api/sandbox/runs`: the draft to run (by name) or the files themselves. */
export class StartSandboxRunDto {
  @ApiPropertyOptional({ description: 'name of a BPMN draft; the form drafts it refers to go with it' })
  @IsOptional()
  @IsString()
  draft?: string;

  @ApiPropertyOptional({ type: [DeploymentResourceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => DeploymentResourceDto)
  resources?: DeploymentResourceDto[];

  @ApiPropertyOptional({ description: 'start variables (a JSON object)' })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' })
  @IsOptional()
  @IsString()
  tenant?: string;
}

/** `POST /api/sandbox/runs/:id/tasks/:taskId/complete`. */
export class CompleteSandboxTaskDto {
  @ApiProperty({ description: 'the variables the form would submit' })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional() @IsOptional() @IsString() tenant?: string;
}

/**
 * The designer's sandbox: run drafts in `<tenant>-sandbox` (a copy of the tenant's variant,
 * forms, one organisation branch and one test user per role), act as any role, watch the tokens.
 * Tenant administrators and designers (`designer` at a root organisation) only.
 */
@ApiTags('sandbox')
@ApiBearerAuth()
@Controller('sandbox')
export class SandboxController {
  constructor(
    @Inject(SandboxService) private readonly sandbox: SandboxService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  private async adminTenant(user: AuthUser, tenant?: string): Promise<string> {
    const tenantId = await this.scope.tenantOf(user, tenant);
    this.scope.assertTenantDesigner(user, tenantId);
    return tenantId;
  }

  @Get()
  @ApiOperation({ summary: 'The sandbox of the tenant (created on demand): key, test users per role, clock mode' })
  async info(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    return this.sandbox.info(await this.adminTenant(user, tenant));
  }

  @Post('runs')
  @ApiOperation({ summary: 'Deploy a draft to the sandbox and start it' })
  async run(@CurrentUser() user: AuthUser, @Body() body: StartSandboxRunDto) {
    const tenantId = await this.adminTenant(user, body.tenant);
    const resources = body.resources ?? (body.draft ? await this.drafts.bundle(tenantId, body.draft) : []);
    return this.sandbox.run(tenantId, resources, (body.variables ?? {}) as JsonObject);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'A sandbox run: instance, open tasks, history, diagram' })
  async state(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query('tenant') tenant?: string) {
    return this.sandbox.state(await this.adminTenant(user, tenant), id);
  }

  @Get('runs/:id/tasks/:taskId')
  @ApiOperation({ summary: 'A task of a sandbox run as its test user sees it (with its form and data), to complete it through the form' })
  async task(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('taskId') taskId: string, @Query('tenant') tenant?: string) {
    return this.sandbox.task(await this.adminTenant(user, tenant), id, taskId);
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset the sandbox: remove it with its runs, test users and time; the next use makes it anew' })
  async reset(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    return this.sandbox.reset(await this.adminTenant(user, tenant));
  }

  @Post('runs/:id/tasks/:taskId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a sandbox task as the test user of its role' })
  async complete(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('taskId') taskId: string, @Body() body: CompleteSandboxTaskDto) {
    return this.sandbox.completeTask(await this.adminTenant(user, body.tenant), id, taskId, (body.variables ?? {}) as JsonObject);
  }
}
