import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { LongText } from '../../common/input-limits.js';

/** Body of `POST /api/organizations`. */
export class CreateOrganizationDto {
  @ApiPropertyOptional({ description: 'Tenant key or id; optional when parentId is given or for a tenant admin (own tenant)' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiProperty({ example: 'МБОУ СОШ №1' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'school', description: "One of the tenant's declared levels" })
  @IsString()
  @MinLength(1)
  level!: string;

  @ApiPropertyOptional({ description: 'Parent organisation; none for a root (which must be the top level)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

/** Body of `PATCH /api/organizations/:id`. */
export class UpdateOrganizationDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;
}

/** Query of `GET /api/organizations`. */
export class ListOrganizationsQuery {
  @ApiPropertyOptional({ description: 'Tenant key or id' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiPropertyOptional({ description: 'Only the children of this organisation' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  level?: string;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  q?: string;
}

/** JSON body of the CSV imports: `{ tenant, csv }`. */
export class CsvImportDto {
  @ApiPropertyOptional({ description: 'Tenant key or id (optional for a tenant admin: the own tenant)' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiProperty({ description: 'The CSV text' })
  @IsString()
  @LongText()
  csv!: string;
}
