import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LongText } from '../common/input-limits.js';

/** `GET /api/alerts` filters. */
export class ListAlertsQuery {
  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' }) @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ description: 'only this organisation’s subtree (must be one you supervise)' }) @IsOptional() @IsString() orgId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() elementId?: string;
  @ApiPropertyOptional({ description: 'only alerts overdue by at least this many whole days' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) minDaysOverdue?: number;
  @ApiPropertyOptional({ enum: ['task-overdue', 'stage-overdue', 'assignee-inactive'] })
  @IsOptional() @IsIn(['task-overdue', 'stage-overdue', 'assignee-inactive']) kind?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only acknowledged (true) or unacknowledged (false) alerts' })
  @IsOptional() @IsIn(['true', 'false']) acknowledged?: string;
  @ApiPropertyOptional({ default: 1000, maximum: 5000, description: 'page size (most overdue first)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
  @ApiPropertyOptional({ default: 0, maximum: 1000000, description: 'alerts to skip (the page’s start)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

/** `POST /api/alerts/ack`. */
export class AckAlertDto {
  @ApiProperty() @IsUUID() processInstanceId!: string;
  @ApiProperty() @IsString() @MinLength(1) elementId!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() taskId?: string;
  @ApiProperty({ description: 'what the supervisor did or decided' }) @IsString() @MinLength(1) @MaxLength(4000) @LongText(4000) comment!: string;
}

/** An acknowledgement of an alert. */
export class AlertAckView {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty() comment!: string;
  @ApiProperty() at!: string;
}

/** One alert: an overdue task or stage, or a task whose assignee is deactivated or gone. */
export class AlertView {
  @ApiProperty({ enum: ['task-overdue', 'stage-overdue', 'assignee-inactive'], description: 'assignee-inactive: `dueAt` is the due date, else the creation time' })
  kind!: 'task-overdue' | 'stage-overdue' | 'assignee-inactive';
  @ApiPropertyOptional() taskId?: string;
  @ApiProperty() processInstanceId!: string;
  @ApiProperty() processKey!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty({ nullable: true }) elementName!: string | null;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() daysOverdue!: number;
  @ApiPropertyOptional({ description: 'stage alerts: when the instance entered the element; its limit' }) enteredAt?: string;
  @ApiPropertyOptional() stageLimit?: string;
  @ApiPropertyOptional({ nullable: true }) assignee?: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeName?: string | null;
  @ApiProperty({ type: [String] }) candidateRoles!: string[];
  @ApiProperty() acknowledged!: boolean;
  @ApiProperty({ type: [AlertAckView] }) acknowledgements!: AlertAckView[];
}

/** `GET /api/alerts` answer. */
export class AlertListView {
  @ApiProperty({ type: [AlertView] }) items!: AlertView[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: '[{ orgId, orgName, count }], most first' }) byOrganization!: { orgId: string; orgName: string; count: number }[];
  @ApiProperty({ description: '[{ processKey, elementId, elementName, count }], most first' })
  byStage!: { processKey: string; elementId: string; elementName: string | null; count: number }[];
}
