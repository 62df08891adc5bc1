import { Global, Module } from '@nestjs/common';
import { ClockService } from './clock.service.js';

/** The engine clock port (real or simulated). */
@Global()
@Module({ providers: [ClockService], exports: [ClockService] })
export class ClockModule {}
