import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PAGE_MAX } from '../../common/input-limits.js';

/** `POST /api/process-instances`. */
export class StartInstanceDto {
  @ApiPropertyOptional({ description: 'start the latest version of this process key' }) @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional({ description: 'or this exact definition' }) @IsOptional() @IsUUID() processDefinitionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() businessKey?: string;
  @ApiPropertyOptional({ description: "the instance's organisation; by default the starter's" }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({ description: 'a JSON object' }) @IsOptional() @IsObject() variables?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'superadmin: tenant key or id' }) @IsOptional() @IsString() tenant?: string;
}

/** `GET /api/process-instances` filters. */
export class ListInstancesQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ description: 'organisation subtree' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({ enum: ['active', 'completed', 'terminated'] }) @IsOptional() @IsIn(['active', 'completed', 'terminated']) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() businessKey?: string;
  @ApiPropertyOptional({ default: 1, maximum: PAGE_MAX }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_MAX) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) size?: number;
}

/** `PUT /api/process-instances/:id/variables`. */
export class SetVariablesDto {
  @ApiProperty({ description: 'variables to set on the instance (a JSON object)' }) @IsObject() variables!: Record<string, unknown>;
}

/** `POST /api/messages`. */
export class CorrelateMessageDto {
  @ApiProperty() @IsString() name!: string;
  @ApiPropertyOptional({ description: 'organisation of an instance the message starts (default: the tenant root)' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() correlationKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() variables?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'superadmin: tenant key or id' }) @IsOptional() @IsString() tenant?: string;
}

/** `POST /api/signals`. */
export class BroadcastSignalDto {
  @ApiProperty() @IsString() name!: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() variables?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsString() tenant?: string;
}
