import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedRequest, AuthUser } from './auth-user.types.js';
import { CurrentUser } from './current-user.decorator.js';
import { CsvImportDto } from './dto/organization.dto.js';
import { CreateUserDto, ListUsersQuery, PersonalDataAccessQuery, UpdateUserDto } from './dto/user.dto.js';
import { csvImportInput } from './organization.controller.js';
import { PersonalDataService } from './personal-data.service.js';
import { clientIp } from './request-origin.js';
import { UserService } from './user.service.js';
import { languageOf, localize } from '../common/messages/message-catalogue.js';

/** `/api/users`: the users of the tenants. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user with memberships (role at organisation); password of at least 8 characters. The answer carries the profile (logged).' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto, @Req() req: Request) {
    return this.users.create(user, dto, { endpoint: 'POST /api/users', ip: clientIp(req) });
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    description: 'CSV with the columns username;fullName;email;password;org;role (org: an id or a name path Root/Child). As text/csv (tenant in ?tenant=) or JSON { tenant, csv }.',
    schema: { oneOf: [{ type: 'string' }, { $ref: getSchemaPath(CsvImportDto) }] },
  })
  @ApiOperation({ summary: 'Import users from CSV: { created, refused: [{ row, reason }] }' })
  async importCsv(@CurrentUser() user: AuthUser, @Req() req: Request, @Query('tenant') tenant?: string) {
    const input = csvImportInput(req, tenant);
    // the reasons of refused rows are catalogue messages: in the caller's language
    return localize(await this.users.importCsv(user, input.tenant, input.csv), languageOf(req.headers['accept-language']));
  }

  @Get()
  @ApiOperation({ summary: 'List users (no personal data) by tenant, organisation subtree, role, text; paged' })
  list(@CurrentUser() user: AuthUser, @Query() q: ListUsersQuery) {
    return this.users.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user with its profile (self, superadmin, its administrators); the read is logged (152-ФЗ)' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() req: Request) {
    return this.users.get(user, id, { endpoint: 'GET /api/users/:id', ip: clientIp(req) });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, e-mail, password, profile (self or administrators) or memberships (administrators)' })
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateUserDto, @Req() req: Request & AuthenticatedRequest) {
    return this.users.update(user, id, dto, { endpoint: 'PATCH /api/users/:id', ip: clientIp(req), sessionId: req.authSessionId });
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user: it cannot sign in and its sessions end at once' })
  deactivate(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.users.deactivate(user, id);
  }
}

/** `/api/personal-data-access`: the log of reads of personal data. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('personal-data-access')
export class PersonalDataAccessController {
  constructor(private readonly personal: PersonalDataService) {}

  @Get()
  @ApiOperation({ summary: 'Who read whose personal data, when, through which endpoint (tenant admins; newest first, at most 1000)' })
  list(@CurrentUser() user: AuthUser, @Query() q: PersonalDataAccessQuery) {
    return this.personal.list(user, q);
  }
}
