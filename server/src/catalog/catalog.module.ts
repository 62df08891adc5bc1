import { Module } from '@nestjs/common';

/** Reference lists (справочники) and person profile fields declared by variants. */
@Module({})
export class CatalogModule {}
