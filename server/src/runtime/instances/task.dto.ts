import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBooleanString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PAGE_MAX } from '../../common/input-limits.js';

/** `GET /api/tasks` filters. */
export class ListTasksQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() processInstanceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional({ description: 'organisation subtree of the task' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({ enum: ['assigned', 'candidate', 'all'], default: 'all' }) @IsOptional() @IsIn(['assigned', 'candidate', 'all']) scope?: 'assigned' | 'candidate' | 'all';
  @ApiPropertyOptional({ description: 'true: only overdue tasks; false: only those not overdue' }) @IsOptional() @IsBooleanString() overdue?: string;
  @ApiPropertyOptional({ enum: ['dueAt', 'createdAt', '-dueAt', '-createdAt'], default: 'dueAt' }) @IsOptional() @IsIn(['dueAt', 'createdAt', '-dueAt', '-createdAt']) sort?: string;
  @ApiPropertyOptional({ default: 1, maximum: PAGE_MAX }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_MAX) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) size?: number;
}
