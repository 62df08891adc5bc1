import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthStore } from './health.store.js';

/** `GET /api/health`. */
@Module({ controllers: [HealthController], providers: [HealthStore] })
export class HealthModule {}
