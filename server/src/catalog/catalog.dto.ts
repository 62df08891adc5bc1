import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** One option of a reference list. */
export class ReferenceItemDto {
  @ApiProperty({ description: 'the stored value (unique in the list)', example: 'seminar' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  value!: string;

  @ApiProperty({ description: 'the label shown in forms', example: 'Семинар' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  label!: string;
}

/** `PUT /api/reference-lists/:key`. */
export class SaveReferenceListDto {
  @ApiPropertyOptional({ description: 'the list name (default: unchanged, or the key for a new list)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiProperty({ type: [ReferenceItemDto], description: 'the options, in order; values unique, labels not empty' })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => ReferenceItemDto)
  items!: ReferenceItemDto[];

  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' })
  @IsOptional()
  @IsString()
  tenant?: string;
}
