import { BadRequestException, Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from './auth-user.types.js';
import { CurrentUser } from './current-user.decorator.js';
import { CreateOrganizationDto, CsvImportDto, ListOrganizationsQuery, UpdateOrganizationDto } from './dto/organization.dto.js';
import { OrgAdminService } from './org-admin.service.js';
import { languageOf, localize, msg } from '../common/messages/message-catalogue.js';

/**
 * The CSV text and tenant of an import request: a `text/csv` body (tenant in `?tenant=`) or JSON
 * `{ tenant, csv }`.
 */
export function csvImportInput(req: Request, tenantQuery: string | undefined): { tenant?: string; csv: string } {
  const body: unknown = req.body;
  if (typeof body === 'string') return { tenant: tenantQuery, csv: body };
  if (body && typeof body === 'object' && typeof (body as CsvImportDto).csv === 'string') {
    const b = body as CsvImportDto;
    if (b.tenant !== undefined && typeof b.tenant !== 'string') throw new BadRequestException({ message: msg('org.tenantNotString'), fields: { tenant: [msg('org.mustBeString')] } });
    return { tenant: b.tenant ?? tenantQuery, csv: b.csv };
  }
  throw new BadRequestException({ message: msg('org.csvRequired'), fields: { csv: [msg('org.csvRequiredField')] } });
}

/** `/api/organizations`: the organisation tree of a tenant. */
@ApiTags('organizations')
@ApiBearerAuth()
@ApiExtraModels(CsvImportDto)
@Controller('organizations')
export class OrganizationController {
  constructor(private readonly orgs: OrgAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create an organisation: level declared by the tenant’s variants, below its parent’s; a root at the top level (superadmin)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto) {
    return this.orgs.create(user, dto);
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    description: 'CSV with the columns name;level;parent (parent: empty for a root, an id, or a name path Root/Child); `;` or `,`; UTF-8 with or without BOM. As text/csv (tenant in ?tenant=) or JSON { tenant, csv }.',
    schema: { oneOf: [{ type: 'string' }, { $ref: getSchemaPath(CsvImportDto) }] },
  })
  @ApiOperation({ summary: 'Import organisations from CSV: valid rows created in one transaction, refused rows reported { created, refused: [{ row, reason }] }' })
  async importCsv(@CurrentUser() user: AuthUser, @Req() req: Request, @Query('tenant') tenant?: string) {
    const input = csvImportInput(req, tenant);
    // the reasons of refused rows are catalogue messages: in the caller's language
    return localize(await this.orgs.importCsv(user, input.tenant, input.csv), languageOf(req.headers['accept-language']));
  }

  @Get()
  @ApiOperation({ summary: 'List organisations in tree order (namePath), filtered by tenant, parent, level and name' })
  list(@CurrentUser() user: AuthUser, @Query() q: ListOrganizationsQuery) {
    return this.orgs.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation (404 for another tenant’s)' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.orgs.getOne(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an organisation (its administrators)' })
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateOrganizationDto) {
    return this.orgs.rename(user, id, dto.name);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an organisation and its subtree (its administrators)' })
  deactivate(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.orgs.deactivate(user, id);
  }
}
