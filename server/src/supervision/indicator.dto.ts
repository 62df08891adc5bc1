import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';

/** `GET /api/indicators` parameters. */
export class IndicatorsQuery {
  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' }) @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ description: 'organisation subtree (default: every subtree the caller supervises)' }) @IsOptional() @IsString() orgId?: string;
  @ApiPropertyOptional({ description: 'instances started at or after (ISO date or instant)' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'instances started before (ISO date or instant)' }) @IsOptional() @IsISO8601() to?: string;
}

/** `GET /api/indicators/export` parameters. */
export class IndicatorsExportQuery extends IndicatorsQuery {
  @ApiProperty({ enum: ['xlsx', 'csv'] }) @IsIn(['xlsx', 'csv']) format!: 'xlsx' | 'csv';
}

/** One computed indicator. */
export class IndicatorValueView {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ description: 'the variant that declares it' }) variant!: string;
  @ApiProperty({ nullable: true }) numerator!: number | null;
  @ApiProperty({ nullable: true }) denominator!: number | null;
  @ApiProperty({ nullable: true, description: 'numerator ÷ denominator (null when the denominator is 0 or on error)' }) value!: number | null;
  @ApiPropertyOptional({ description: 'why it could not be computed' }) error?: string;
}

/** `GET /api/indicators` answer. */
export class IndicatorListView {
  @ApiProperty({ type: [IndicatorValueView] }) items!: IndicatorValueView[];
  @ApiPropertyOptional({ nullable: true }) orgId!: string | null;
  @ApiPropertyOptional({ nullable: true }) from!: string | null;
  @ApiPropertyOptional({ nullable: true }) to!: string | null;
}
