import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ClockController } from './clock.controller.js';
import { ClockService } from '../jobs/clock.service.js';

/** The engine clock port (real or simulated) and the simulated clock's endpoints. */
@Global()
@Module({ imports: [IdentityModule], providers: [ClockService], controllers: [ClockController], exports: [ClockService] })
export class ClockModule {}
