import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { LongText } from '../common/input-limits.js';

/** The kinds of file a draft can hold. */
export const DRAFT_KINDS = ['bpmn', 'form', 'variant'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

/** `PUT /api/drafts/:name`. */
export class SaveDraftDto {
  @ApiProperty({ description: 'the file content as text (BPMN XML, form-js JSON, variant.json)' })
  @IsString()
  @LongText()
  content!: string;

  @ApiPropertyOptional({ enum: DRAFT_KINDS, description: 'bpmn | form | variant (default: from the file name)' })
  @IsOptional()
  @IsIn(DRAFT_KINDS)
  kind?: DraftKind;

  @ApiPropertyOptional({ description: 'tenant key or id (superadmin only)' })
  @IsOptional()
  @IsString()
  tenant?: string;
}

/** A draft as the API shows it (lists leave out `content`). */
export interface DraftView {
  name: string;
  kind: DraftKind;
  content?: string;
  updatedAt: string;
  updatedBy: string | null;
  /** username of the author (who first saved it) */
  createdBy: string | null;
}
