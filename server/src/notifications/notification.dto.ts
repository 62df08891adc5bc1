import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PAGE_MAX } from '../common/input-limits.js';

/** `GET /api/notifications` parameters. */
export class ListNotificationsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only unread ones' }) @IsOptional() @IsIn(['true', 'false']) unread?: string;
  @ApiPropertyOptional({ default: 1, maximum: PAGE_MAX }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_MAX) page?: number;
  @ApiPropertyOptional({ default: 20, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) size?: number;
}

/** `GET /api/notifications/outbox` parameters. */
export class OutboxQuery {
  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' }) @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed'] }) @IsOptional() @IsIn(['pending', 'sent', 'failed']) state?: string;
}

/** An in-app notification. */
export class NotificationView {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ nullable: true }) processInstanceId!: string | null;
  @ApiPropertyOptional({ nullable: true }) taskId!: string | null;
  @ApiProperty() data!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) readAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'the task: { state: "open" } | { state: "completed", at, byName } | { state: "cancelled" }; null without a task',
  })
  task!: { state: 'open' | 'completed' | 'cancelled'; at?: string; byName?: string | null } | null;
}

/** `GET /api/notifications` answer. */
export class NotificationListView {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty() total!: number;
  @ApiProperty() unread!: number;
}
