import { Module } from '@nestjs/common';

/** Documents generated from the variants' templates (PDF, DOCX), kept with the instance. */
@Module({})
export class DocumentsModule {}
