import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { CallerScopeService } from '../runtime/tenancy/caller-scope.service.js';
import { SaveDraftDto } from './draft.dto.js';
import { DraftsService } from './drafts.service.js';

/**
 * The designer's server side: drafts of diagrams, forms and variant files (tenant administrators
 * and designers — `designer` at a root organisation — only), and the tenant's latest variants and forms for the role and form pickers.
 */
@ApiTags('drafts')
@ApiBearerAuth()
@Controller()
export class DraftsController {
  constructor(
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  private async adminTenant(user: AuthUser, tenant?: string): Promise<string> {
    const tenantId = await this.scope.tenantOf(user, tenant);
    this.scope.assertTenantDesigner(user, tenantId);
    return tenantId;
  }

  @Get('drafts')
  @ApiOperation({ summary: 'Drafts of the tenant (without content)' })
  async list(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    const items = await this.drafts.list(await this.adminTenant(user, tenant));
    return { items, total: items.length };
  }

  @Get('drafts/:name')
  @ApiOperation({ summary: 'One draft with its content' })
  async get(@CurrentUser() user: AuthUser, @Param('name') name: string, @Query('tenant') tenant?: string) {
    return this.drafts.get(await this.adminTenant(user, tenant), name);
  }

  @Put('drafts/:name')
  @ApiOperation({ summary: 'Save a draft (creates or replaces it)' })
  async save(@CurrentUser() user: AuthUser, @Param('name') name: string, @Body() body: SaveDraftDto) {
    const tenantId = await this.adminTenant(user, body.tenant);
    return this.drafts.save(tenantId, name, body.content, body.kind, user.id);
  }

  @Delete('drafts/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft' })
  async remove(@CurrentUser() user: AuthUser, @Param('name') name: string, @Query('tenant') tenant?: string): Promise<void> {
    await this.drafts.remove(await this.adminTenant(user, tenant), name);
  }

  @Get('variants')
  @ApiOperation({ summary: 'The latest version of each variant file of the tenant: roles, levels, processes' })
  async variants(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    const items = await this.drafts.variants(await this.scope.tenantOf(user, tenant));
    return { items, total: items.length };
  }

  @Get('forms')
  @ApiOperation({ summary: 'The latest version of each form of the tenant' })
  async forms(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    const items = await this.drafts.forms(await this.scope.tenantOf(user, tenant));
    return { items, total: items.length };
  }
}
