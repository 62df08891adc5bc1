import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { GenerateDocumentQuery } from './documents.dto.js';
import { CONTENT_TYPES, DocumentsService } from './documents.service.js';
import type { StoredDocument } from './documents.service.js';

function send(res: Response, doc: StoredDocument & { content: Buffer; fileName: string }): void {
  res.set({
    'content-type': CONTENT_TYPES[doc.format],
    'content-disposition': `attachment; filename="${doc.fileName}"`,
    'x-document-id': doc.id,
  });
  res.send(doc.content);
}

/** Documents made from an instance with the variant's templates (DOCX, PDF), kept with the instance. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}

  @Get('process-instances/:id/documents')
  @ApiOperation({ summary: "The documents the tenant's variants declare for the instance, and those already made from it" })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.documents.forInstance(user, id);
  }

  @Post('process-instances/:id/documents/:key')
  @HttpCode(201)
  @ApiOperation({ summary: 'Make the document from the instance (DOCX or PDF), store it with the instance and return the file (header x-document-id)' })
  @ApiProduces(CONTENT_TYPES.docx, CONTENT_TYPES.pdf)
  async generate(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('key') key: string, @Query() q: GenerateDocumentQuery, @Res() res: Response): Promise<void> {
    send(res.status(201), await this.documents.generate(user, id, key, q.format ?? 'docx'));
  }

  @Get('documents/:id')
  @ApiOperation({ summary: 'Download a stored document (for those who may see its instance)' })
  @ApiProduces(CONTENT_TYPES.docx, CONTENT_TYPES.pdf)
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response): Promise<void> {
    send(res, await this.documents.download(user, id));
  }
}
