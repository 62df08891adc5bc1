import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { AdvanceClockCommand } from './advance-clock.command.js';
import { ClockController } from './clock.controller.js';
import { ClockService } from '../time/clock.service.js';

/** The engine clock port (per tenant: real, or a simulated time of its own) and `/api/clock`. */
@Global()
@Module({ imports: [IdentityModule], providers: [ClockService, AdvanceClockCommand], controllers: [ClockController], exports: [ClockService, AdvanceClockCommand] })
export class ClockModule {}
