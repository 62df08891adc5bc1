import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { CallerScopeService } from '../runtime/tenancy/caller-scope.service.js';
import { SaveReferenceListDto } from './catalog.dto.js';
import { CatalogService } from './catalog.service.js';

/**
 * Reference lists (справочники): seeded from the variant files, then edited by the tenant's
 * administrators without a release; and the person profile fields the variants declare.
 */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  @Get('reference-lists')
  @ApiOperation({ summary: 'Every reference list of the tenant with its items (seeded from the variants on first read)' })
  @ApiQuery({ name: 'tenant', required: false, description: 'tenant key or id (superadmin only)' })
  async list(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    const items = await this.catalog.list(await this.scope.tenantOf(user, tenant));
    return { items, total: items.length };
  }

  @Get('reference-lists/:key')
  @ApiOperation({ summary: 'One reference list with its items' })
  @ApiQuery({ name: 'tenant', required: false, description: 'tenant key or id (superadmin only)' })
  async get(@CurrentUser() user: AuthUser, @Param('key') key: string, @Query('tenant') tenant?: string) {
    return this.catalog.get(await this.scope.tenantOf(user, tenant), key);
  }

  @Put('reference-lists/:key')
  @ApiOperation({ summary: 'Replace the items (and name) of a reference list; tenant administrators and designers (designer at a root organisation) only' })
  async save(@CurrentUser() user: AuthUser, @Param('key') key: string, @Body() body: SaveReferenceListDto) {
    const tenantId = await this.scope.tenantOf(user, body.tenant);
    this.scope.assertTenantDesigner(user, tenantId);
    return this.catalog.save(tenantId, key, body, user.id);
  }

  @Get('profile-fields')
  @ApiOperation({ summary: "The person profile fields the tenant's variants declare (key, name, type, options)" })
  @ApiQuery({ name: 'tenant', required: false, description: 'tenant key or id (superadmin only)' })
  async profileFields(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string) {
    const items = await this.catalog.profileFields(await this.scope.tenantOf(user, tenant));
    return { items, total: items.length };
  }
}
