import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsBooleanString, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { LongText } from '../../common/input-limits.js';

/** One file of a deployment. */
export class DeploymentResourceDto {
  @ApiProperty({ example: 'post-course.bpmn' })
  @IsString()
  @IsNotEmpty()
  name!: string;

  @ApiProperty({ description: 'the file content as text (BPMN XML, form-js JSON, variant.json)' })
  @IsString()
  @LongText()
  content!: string;
}

/** `POST /api/deployments`. */
export class CreateDeploymentDto {
  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only; others deploy to their tenant)' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiProperty({ example: 'Посткурсовое сопровождение v2' })
  @IsString()
  @IsNotEmpty()
  name!: string;

  @ApiProperty({ type: [DeploymentResourceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => DeploymentResourceDto)
  resources!: DeploymentResourceDto[];

  @ApiPropertyOptional({ description: 'check everything a deployment checks and store nothing: 200 with warnings and what would change, or 400 with the problems' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'sample variables for the checks of due dates, follow-up dates and timers (they win over the samples made from the forms)', example: { eventDate: '2027-03-01' } })
  @IsOptional()
  @IsObject()
  sampleVariables?: Record<string, unknown>;
}

/** `GET /api/process-definitions` filters. */
export class ListDefinitionsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() key?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ description: 'only the latest version of each key' }) @IsOptional() @IsBooleanString() latest?: string;
}
