import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBooleanString, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
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
}

/** `GET /api/process-definitions` filters. */
export class ListDefinitionsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() key?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ description: 'only the latest version of each key' }) @IsOptional() @IsBooleanString() latest?: string;
}
