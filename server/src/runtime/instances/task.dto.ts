import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBooleanString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** `GET /api/tasks` filters. */
export class ListTasksQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() processInstanceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional({ description: 'organisation subtree of the task' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({ enum: ['assigned', 'candidate', 'all'], default: 'all' }) @IsOptional() @IsIn(['assigned', 'candidate', 'all']) scope?: 'assigned' | 'candidate' | 'all';
  @ApiPropertyOptional({ description: 'true: only overdue tasks; false: only those not overdue' }) @IsOptional() @IsBooleanString() overdue?: string;
  @ApiPropertyOptional({ description: 'search: every word must occur in the task name, the process name or the name of the person the task is about (case-insensitive, ё = е)' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ enum: ['dueAt', 'createdAt', '-dueAt', '-createdAt'], default: 'dueAt' }) @IsOptional() @IsIn(['dueAt', 'createdAt', '-dueAt', '-createdAt']) sort?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) size?: number;
}
