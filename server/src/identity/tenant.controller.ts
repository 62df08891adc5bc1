import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from './auth-user.types.js';
import { CurrentUser } from './current-user.decorator.js';
import { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto.js';
import { TenantService } from './tenant.service.js';

/** `/api/tenants`: superadmin only. */
@ApiTags('tenants')
@ApiBearerAuth()
@Controller('tenants')
export class TenantController {
  constructor(private readonly tenants: TenantService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant (superadmin): key, name, IANA time zone; a duplicate key is 409' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTenantDto) {
    return this.tenants.create(user, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List the tenants (superadmin)' })
  list(@CurrentUser() user: AuthUser) {
    return this.tenants.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One tenant by id or key (superadmin)' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tenants.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the name or time zone of a tenant (superadmin)' })
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateTenantDto) {
    return this.tenants.update(user, id, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a tenant (superadmin): its users are signed out at once' })
  deactivate(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tenants.deactivate(user, id);
  }
}
