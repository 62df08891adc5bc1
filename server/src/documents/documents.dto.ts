import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** The formats a document can be made in. */
export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** `POST /api/process-instances/:id/documents/:key?format=`. */
export class GenerateDocumentQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_FORMATS, description: 'docx (default) or pdf' })
  @IsOptional()
  @IsIn(DOCUMENT_FORMATS, { message: 'format must be docx or pdf' })
  format?: DocumentFormat;
}
