import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDate, IsEmail, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PAGE_MAX } from '../../common/input-limits.js';
import { ruleMessage } from '../../common/messages/message-catalogue.js';

/** Username: 3–64 of letters, digits, `.`, `_`, `-`, `@`. */
export const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;
/** Shortest password accepted. */
export const MIN_PASSWORD = 8;

/** A role at an organisation. */
export class MembershipDto {
  @ApiProperty()
  @IsUUID()
  orgId!: string;

  @ApiProperty({ example: 'teacher', description: 'A system role (admin, supervisor) or a role declared by the tenant’s variants' })
  @IsString()
  @MinLength(1)
  role!: string;
}

/** Body of `POST /api/users`. */
export class CreateUserDto {
  @ApiPropertyOptional({ description: 'Tenant key or id (optional for a tenant admin: the own tenant)' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiProperty({ example: 'ivanova', pattern: USERNAME.source })
  @IsString()
  @Matches(USERNAME, { message: ruleMessage('user.usernameRule') })
  username!: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD })
  @IsString()
  @MinLength(MIN_PASSWORD, { message: ruleMessage('user.passwordRule', { min: MIN_PASSWORD }) })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: 'Иванова Мария Петровна' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  fullName!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: ruleMessage('user.emailRule') })
  email?: string;

  @ApiProperty({ type: [MembershipDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships!: MembershipDto[];

  @ApiPropertyOptional({ description: 'Personal data (position, birth date, experience, category…); every read is logged' })
  @IsOptional()
  @IsObject()
  profile?: Record<string, unknown>;
}

/** Body of `PATCH /api/users/:id`: only the given fields change; memberships are replaced. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  fullName?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: ruleMessage('user.emailRule') })
  email?: string;

  @ApiPropertyOptional({ format: 'password', minLength: MIN_PASSWORD })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD, { message: ruleMessage('user.passwordRule', { min: MIN_PASSWORD }) })
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ type: [MembershipDto], description: 'Replaces the memberships the caller administers' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MembershipDto)
  memberships?: MembershipDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  profile?: Record<string, unknown>;
}

/** Query of `GET /api/users`. */
export class ListUsersQuery {
  @ApiPropertyOptional({ description: 'Tenant key or id' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiPropertyOptional({ description: 'Users with a membership in this organisation’s subtree' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  role?: string;

  @ApiPropertyOptional({ description: 'Part of the username or full name' })
  @IsOptional()
  @IsString()
  q?: string;

  @ApiPropertyOptional({ default: 1, maximum: PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_MAX)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  size?: number;
}

/** Query of `GET /api/personal-data-access`. */
export class PersonalDataAccessQuery {
  @ApiPropertyOptional({ description: 'Tenant key or id (optional for a tenant admin: the own tenant)' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ description: 'ISO date-time, inclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: ruleMessage('user.fromRule') })
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO date-time, exclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: ruleMessage('user.toRule') })
  to?: Date;
}
