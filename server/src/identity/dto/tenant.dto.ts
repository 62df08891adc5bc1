import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, Validate } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { ValidatorConstraint } from 'class-validator';
import { ruleMessage } from '../../common/messages/message-catalogue.js';

/** Validates an IANA time zone name (`Europe/Moscow`) with Intl. */
@ValidatorConstraint({ name: 'ianaTimeZone' })
export class IanaTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !value.includes('/')) return value === 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'timeZone must be an IANA time zone such as Europe/Moscow or Asia/Almaty';
  }
}

/** Tenant key: lower-case letter, then letters, digits, hyphens (2–41 characters). */
export const TENANT_KEY = /^[a-z][a-z0-9-]{1,40}$/;

/** Body of `POST /api/tenants`. */
export class CreateTenantDto {
  @ApiProperty({ example: 'region-41', pattern: TENANT_KEY.source })
  @IsString()
  @Matches(TENANT_KEY, { message: ruleMessage('tenant.keyRule') })
  key!: string;

  @ApiProperty({ example: 'Регион (край, область)' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'Europe/Moscow' })
  @IsString()
  @Validate(IanaTimeZone)
  timeZone!: string;
}

/** Body of `PATCH /api/tenants/:id` (the key never changes). */
export class UpdateTenantDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ example: 'Asia/Krasnoyarsk' })
  @IsOptional()
  @IsString()
  @Validate(IanaTimeZone)
  timeZone?: string;
}
