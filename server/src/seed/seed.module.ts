import { Global, Module } from '@nestjs/common';
import { SeedService } from './seed.service.js';

/** First-start seeding; other modules register demo loaders on {@link SeedService}. */
@Global()
@Module({ providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
