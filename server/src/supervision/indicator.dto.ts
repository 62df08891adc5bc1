import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { ruleMessage } from '../common/messages/message-catalogue.js';

/** `GET /api/indicators` parameters. */
export class IndicatorsQuery {
  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' }) @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ description: 'organisation subtree (default: every subtree the caller supervises)' }) @IsOptional() @IsString() orgId?: string;
  @ApiPropertyOptional({ description: 'instances started at or after (ISO date or instant)' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'instances started before (ISO date or instant)' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ description: 'instead of from/to: `2027` — the calendar year; `2027-2028` — the school year 1 September 2027 – 31 August 2028' })
  @IsOptional() @Matches(/^\d{4}(-\d{4})?$/, { message: ruleMessage('indicators.periodRule') }) period?: string;
}

/** `GET /api/indicators/export` parameters. */
export class IndicatorsExportQuery extends IndicatorsQuery {
  @ApiProperty({ enum: ['xlsx', 'csv'] }) @IsIn(['xlsx', 'csv']) format!: 'xlsx' | 'csv';
}

/** An indicator at one organisation of its breakdown level. */
export class IndicatorBreakdownView {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ nullable: true }) numerator!: number | null;
  @ApiProperty({ nullable: true }) denominator!: number | null;
  @ApiProperty({ nullable: true }) value!: number | null;
}

/** One computed indicator. */
export class IndicatorValueView {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ description: 'the variant that declares it' }) variant!: string;
  @ApiProperty({ enum: ['share', 'count', 'sum'], description: 'share: value is a fraction (0…1); count and sum: value is a number' }) kind!: 'share' | 'count' | 'sum';
  @ApiProperty({ nullable: true, description: 'share: the units of the denominator that are also counted by the numerator; count/sum: the value' }) numerator!: number | null;
  @ApiProperty({ nullable: true, description: 'share: distinct units counted (instances, people or organisations); count/sum: null' }) denominator!: number | null;
  @ApiProperty({ nullable: true, description: 'share: numerator ÷ denominator (null when the denominator is 0 or on error); count/sum: the number' }) value!: number | null;
  @ApiPropertyOptional({ description: 'the level of the declared breakdown' }) breakdownLevel?: string;
  @ApiPropertyOptional({ type: [IndicatorBreakdownView], description: 'one row per active organisation of the breakdown level in the subtree' })
  breakdown?: IndicatorBreakdownView[];
  @ApiPropertyOptional({ description: 'why it could not be computed' }) error?: string;
}

/** `GET /api/indicators` answer. */
export class IndicatorListView {
  @ApiProperty({ type: [IndicatorValueView] }) items!: IndicatorValueView[];
  @ApiPropertyOptional({ nullable: true }) orgId!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'the period asked for (`2027`, `2027-2028`)' }) period!: string | null;
  @ApiPropertyOptional({ nullable: true }) from!: string | null;
  @ApiPropertyOptional({ nullable: true }) to!: string | null;
  @ApiProperty({ description: 'the period in words, dates in the tenant’s zone: «2027 год», «2027/2028 учебный год (01.09.2027 – 31.08.2028)», «01.03.2027 – 31.03.2027», «весь период»' })
  periodTitle!: string;
}
