import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SubjectView } from './instance.dto.js';
import { Type } from 'class-transformer';
import { IsBooleanString, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PAGE_MAX } from '../../common/input-limits.js';

/** `GET /api/tasks` filters. */
export class ListTasksQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() processInstanceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional({ description: 'organisation subtree of the task' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({ enum: ['assigned', 'candidate', 'all'], default: 'all' }) @IsOptional() @IsIn(['assigned', 'candidate', 'all']) scope?: 'assigned' | 'candidate' | 'all';
  @ApiPropertyOptional({ description: 'true: only overdue tasks; false: only those not overdue' }) @IsOptional() @IsBooleanString() overdue?: string;
  @ApiPropertyOptional({ description: 'only tasks due before this instant (ISO 8601), e.g. the end of this week' }) @IsOptional() @IsDateString() dueBefore?: string;
  @ApiPropertyOptional({ description: 'search: every word must occur in the task name, the process name or the name of the person the task is about (case-insensitive, ё = е)' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ enum: ['dueAt', 'createdAt', '-dueAt', '-createdAt'], default: 'dueAt' }) @IsOptional() @IsIn(['dueAt', 'createdAt', '-dueAt', '-createdAt']) sort?: string;
  @ApiPropertyOptional({ default: 1, maximum: PAGE_MAX }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_MAX) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) size?: number;
}

/** An inbox row. */
export class TaskView {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true }) name!: string | null;
  @ApiProperty() elementId!: string;
  @ApiProperty() processInstanceId!: string;
  @ApiProperty() processKey!: string;
  @ApiProperty({ nullable: true }) processName!: string | null;
  @ApiProperty({ nullable: true }) assignee!: string | null;
  @ApiProperty({ type: [String] }) candidateRoles!: string[];
  @ApiProperty({ type: [String] }) candidateUsers!: string[];
  @ApiProperty({ nullable: true, description: 'the organisation whose roles the task is offered to' }) orgId!: string | null;
  @ApiProperty({ nullable: true }) orgName!: string | null;
  @ApiProperty({ nullable: true }) dueAt!: string | null;
  @ApiProperty({ nullable: true }) followUpAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true }) formId!: string | null;
  @ApiProperty({ nullable: true }) claimedAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: SubjectView, nullable: true, description: 'who the task is about' }) subject!: SubjectView | null;
}

/** One task (`GET /api/tasks/:id`): the inbox row, its form and its context. */
export class TaskDetailView extends TaskView {
  @ApiProperty() processVersion!: number;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'the form-js schema of the task (null: no form)' }) form!: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object', additionalProperties: true,
    description: '{ instance: { id, businessKey, variables, startedAt, startedByName }, variables (the instance\'s, the task\'s input and the options of the reference lists its form names), history, referenceLists }',
  }) context!: Record<string, unknown>;
}

/** A page of the inbox. */
export class TaskListView {
  @ApiProperty({ type: [TaskView] }) items!: TaskView[];
  @ApiProperty() total!: number;
}

/**
 * `POST /api/tasks/:id/complete`. `variables` is checked for being an object by the command (its
 * message names the form); as a free-form value it is held to the limits of every variable
 * (strings, keys, number of values: `common/input-limits.ts`).
 */
export class CompleteTaskDto {
  @ApiPropertyOptional({ description: 'the form data or variables (a JSON object)', type: 'object', additionalProperties: true })
  @IsOptional()
  variables?: unknown;
}

/** `POST /api/tasks/:id/assignee`. */
export class ReassignTaskDto {
  @ApiProperty({ description: 'the new assignee: an active user of the task’s tenant' }) @IsUUID() userId!: string;
  @ApiPropertyOptional({ description: 'why (kept in the history)' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

/** A person a task may be given to (`GET /api/tasks/:id/assignee-candidates`). */
export class ReassignCandidateView {
  @ApiProperty() id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ description: 'where the person holds a role' }) orgName!: string;
}

/** The people a task may be given to, by name, at most 50. */
export class ReassignCandidateListView {
  @ApiProperty({ type: [ReassignCandidateView] }) items!: ReassignCandidateView[];
  @ApiProperty() total!: number;
}

/** The answer of a reassignment. */
export class ReassignedTaskView {
  @ApiProperty() id!: string;
  @ApiProperty() assignee!: string;
  @ApiProperty() assigneeName!: string;
  @ApiProperty({ nullable: true, description: 'the previous assignee' }) from!: string | null;
  @ApiProperty({ nullable: true }) comment!: string | null;
}
