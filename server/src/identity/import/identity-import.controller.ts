import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBase64, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AuthUser } from '../auth-user.types.js';
import { LongText } from '../../common/input-limits.js';
import { CurrentUser } from '../current-user.decorator.js';
import { IdentityImportService } from './identity-import.service.js';
import type { ImportKind } from './identity-import.service.js';
import { ruleMessage } from '../../common/messages/message-catalogue.js';

/** `POST /api/imports`: the file (base64) and what it holds. */
export class StartImportDto {
  @ApiPropertyOptional({ description: 'tenant key or id; default: the caller’s (the superadmin must name it)' })
  @IsOptional() @IsString() tenant?: string;

  @ApiProperty({ enum: ['organizations', 'users'] })
  @IsIn(['organizations', 'users'], { message: ruleMessage('import.kindRule') }) kind!: ImportKind;

  @ApiPropertyOptional({ example: 'сотрудники.csv' })
  @IsOptional() @IsString() @MaxLength(255) fileName?: string;

  @ApiProperty({ description: 'the file’s bytes, base64: CSV (UTF-8 or Windows-1251, «;» or «,») or XLSX (first sheet)' })
  // a whole file: bounded by BODY_LIMIT, not by the per-field text limit
  @LongText() @IsBase64(undefined, { message: ruleMessage('import.contentRule') }) content!: string;

  @ApiPropertyOptional({ enum: ['auto', 'utf-8', 'windows-1251'], default: 'auto', description: 'encoding of a CSV; auto: UTF-8 if valid, else Windows-1251' })
  @IsOptional() @IsIn(['auto', 'utf-8', 'windows-1251'], { message: ruleMessage('import.encodingRule') }) encoding?: 'auto' | 'utf-8' | 'windows-1251';
}

/**
 * Imports of organisations and users from CSV/XLSX, all or nothing, with progress. Columns
 * (header, Russian or English names, any order): organisations `название;уровень;родитель`
 * (`name;level;parent`); users `логин;ФИО;почта;пароль;организация;роль`
 * (`username;fullName;email;password;org;role`) plus the profile fields the variant declares.
 */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('imports')
export class IdentityImportController {
  constructor(@Inject(IdentityImportService) private readonly imports: IdentityImportService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start an import of organisations or users (tenant administrators); 400 for a file that cannot be read or has wrong columns, naming them' })
  start(@CurrentUser() user: AuthUser, @Body() body: StartImportDto) {
    return this.imports.start(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress and report of an import: state running | done | refused (rows named, nothing written) | failed' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.imports.get(user, id);
  }
}
