import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PAGE_MAX } from '../../common/input-limits.js';
import { ruleMessage } from '../../common/messages/message-catalogue.js';

/** `POST /api/process-instances`. */
export class StartInstanceDto {
  @ApiPropertyOptional({ description: 'start the latest version of this process key' }) @IsOptional() @IsString() processKey?: string;
  @ApiPropertyOptional({ description: 'or this exact definition' }) @IsOptional() @IsUUID() processDefinitionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() businessKey?: string;
  @ApiPropertyOptional({ description: "the instance's organisation; by default the subject's" }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({
    description: 'who the route is about (default: the starter): a user of the tenant whom the starter may act for — the starter holds a role of '
      + '`variant.json` → `processes.<key>.startRoles` (or `admin`) at an organisation of that user or above. 404: no such user in the tenant; '
      + '403: out of reach; 400: deactivated. FEEL sees it as `subject` (id, fullName, orgId, orgName, declared profile fields).',
  }) @IsOptional() @IsUUID() subjectId?: string;
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
  @ApiPropertyOptional({ description: '`me`: the routes about the caller; or a user id: the routes about that person (among those the caller may see)' })
  @IsOptional() @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: ruleMessage('start.subjectRule') }) subject?: string;
  @ApiPropertyOptional({ default: 1, maximum: PAGE_MAX }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_MAX) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) size?: number;
}

/** `PUT /api/process-instances/:id/variables`. */
export class SetVariablesDto {
  @ApiProperty({ description: 'variables to set on the instance (a JSON object)' }) @IsObject() variables!: Record<string, unknown>;
}

/** `POST /api/process-instances/:id/messages`. */
export class RaiseMessageDto {
  @ApiProperty({ description: 'a message declared in `variant.json` → `processes.<key>.raisable`' }) @IsString() @MaxLength(200) name!: string;
  @ApiPropertyOptional({ description: 'variables the message brings (a JSON object)' }) @IsOptional() @IsObject() variables?: Record<string, unknown>;
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

/** Who a route (or a task) is about. */
export class SubjectView {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, description: 'null when the user no longer exists' }) fullName!: string | null;
  @ApiProperty({ nullable: true, description: 'the organisation the person was at when the route started' }) orgId!: string | null;
  @ApiProperty({ nullable: true }) orgName!: string | null;
}

/** A person the caller may start a route about (`GET /api/process-definitions/:id/subjects`). */
export class StartSubjectView {
  @ApiProperty() id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ description: 'the organisation where the person holds a role' }) orgId!: string;
  @ApiProperty() orgName!: string;
}

/** The people the caller may start a route about. */
export class StartSubjectListView {
  @ApiProperty({ type: [StartSubjectView] }) items!: StartSubjectView[];
  @ApiProperty() total!: number;
}

/** An open task of an instance. */
export class CurrentStepView {
  @ApiProperty() taskId!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty({ nullable: true }) name!: string | null;
  @ApiProperty({ nullable: true, description: 'ISO instant' }) dueAt!: string | null;
  @ApiProperty({ nullable: true }) assignee!: string | null;
  @ApiProperty({ nullable: true }) orgId!: string | null;
}

/** A message the caller may raise on an instance now, and what the user reads for it. */
export class RaisableEventView {
  @ApiProperty({ description: 'the message name, for `POST /api/process-instances/:id/messages`' }) message!: string;
  @ApiProperty({ description: 'the name of the element of the diagram that catches it (the message name when it has none)' }) name!: string;
  @ApiPropertyOptional({ description: 'the variable the raiser’s own words go into (`raisable[].comment` of `variant.json`)' }) comment?: string;
}

/** An instance as lists and `GET /api/process-instances/:id` show it. */
export class InstanceView {
  @ApiProperty() id!: string;
  @ApiProperty() processDefinitionId!: string;
  @ApiProperty() processKey!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ nullable: true }) processName!: string | null;
  @ApiProperty({ nullable: true }) businessKey!: string | null;
  @ApiProperty({ nullable: true }) orgId!: string | null;
  @ApiProperty({ nullable: true }) orgName!: string | null;
  @ApiProperty({ enum: ['active', 'completed', 'terminated'] }) state!: string;
  @ApiProperty({ type: [String] }) activeElementIds!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) variables!: Record<string, unknown>;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true }) endedAt!: string | null;
  @ApiProperty({ nullable: true }) startedBy!: string | null;
  @ApiProperty({ nullable: true }) parentInstanceId!: string | null;
  @ApiProperty() rootInstanceId!: string;
  @ApiProperty({ type: SubjectView, nullable: true, description: 'who the route is about (null: nobody, e.g. a cycle started for an organisation)' })
  subject!: SubjectView | null;
  @ApiProperty({ type: [CurrentStepView], description: 'open tasks of the instance, the soonest due first' }) currentSteps!: CurrentStepView[];
  @ApiProperty({ nullable: true, description: 'the earliest due date of the open tasks' }) nextDueAt!: string | null;
  @ApiPropertyOptional({ type: [String], description: 'one instance (`GET /:id`): the raisable messages the caller may raise on it now' })
  raisable?: string[];
  @ApiPropertyOptional({ type: [RaisableEventView], description: 'one instance (`GET /:id`): the same, each with the name of the element that catches it' })
  raisableEvents?: RaisableEventView[];
}

/** A page of instances. */
export class InstanceListView {
  @ApiProperty({ type: [InstanceView] }) items!: InstanceView[];
  @ApiProperty() total!: number;
}
