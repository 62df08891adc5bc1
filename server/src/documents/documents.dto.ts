import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ruleMessage } from '../common/messages/message-catalogue.js';

/** The formats a document can be made in. */
export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** `POST /api/process-instances/:id/documents/:key?format=`. */
export class GenerateDocumentQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_FORMATS, description: 'docx (default) or pdf' })
  @IsOptional()
  @IsIn(DOCUMENT_FORMATS, { message: ruleMessage('document.formatRule') })
  format?: DocumentFormat;
}
