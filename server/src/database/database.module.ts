import { Global, Module } from '@nestjs/common';
import { ReadPoolService } from './read-pool.service.js';

/** The read pool for hot prepared reads ({@link ReadPoolService}), injectable everywhere. */
@Global()
@Module({ providers: [ReadPoolService], exports: [ReadPoolService] })
export class DatabaseModule {}
