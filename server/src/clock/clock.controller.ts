import { BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DateTime, Duration } from 'luxon';
import { AccessService } from '../identity/access.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import type { FiredJob } from '../jobs/job.types.js';
import { ClockService } from '../jobs/clock.service.js';

/** `POST /api/clock/advance`: one of `duration` or `to`. */
export class AdvanceClockDto {
  @ApiPropertyOptional({ example: 'P14D', description: 'ISO 8601 duration' }) @IsOptional() @IsString() duration?: string;
  @ApiPropertyOptional({ example: '2027-06-01T00:00:00+06:00', description: 'ISO instant' }) @IsOptional() @IsString() to?: string;
}

/** `{ now, mode }` */
export class ClockView {
  @ApiProperty() now!: string;
  @ApiProperty({ enum: ['real', 'simulated'] }) mode!: string;
}

const MAX_STEPS = 1_000_000;

/**
 * The simulated clock (`ENGINE_CLOCK=simulated`): time moves only when advanced, and everything
 * that falls due on the way fires in order of its due time, each at its own instant, as if the
 * time had passed. With the real clock these endpoints answer 404.
 */
@ApiTags('clock')
@ApiBearerAuth()
@Controller('clock')
export class ClockController {
  constructor(
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  private assertSimulated(): void {
    if (this.clock.mode !== 'simulated') throw new NotFoundException('the engine clock is real (ENGINE_CLOCK=real): it cannot be read or moved here');
  }

  @Get()
  @ApiOperation({ summary: 'The engine time and clock mode (simulated clock only)' })
  get(): ClockView {
    this.assertSimulated();
    return { now: this.clock.now().toISOString(), mode: this.clock.mode };
  }

  @Post('advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Advance the simulated clock by a duration or to an instant, firing everything due on the way' })
  async advance(@CurrentUser() user: AuthUser, @Body() body: AdvanceClockDto) {
    this.assertSimulated();
    if (!user.isSuperadmin && !(user.tenantId && this.access.isTenantAdmin(user, user.tenantId))) {
      throw new ForbiddenException('only administrators may move the simulated clock');
    }
    const start = this.clock.now();
    let target: Date;
    if (body.duration && !body.to) {
      const d = Duration.fromISO(body.duration);
      if (!d.isValid) throw new BadRequestException(`"duration" is not an ISO 8601 duration: ${body.duration}`);
      target = DateTime.fromJSDate(start, { zone: 'utc' }).plus(d).toJSDate();
    } else if (body.to && !body.duration) {
      const t = DateTime.fromISO(body.to, { setZone: true });
      if (!t.isValid) throw new BadRequestException(`"to" is not an ISO 8601 instant: ${body.to}`);
      target = t.toJSDate();
    } else {
      throw new BadRequestException('give exactly one of "duration" and "to"');
    }
    if (target < start) throw new BadRequestException('the clock does not go backwards');
    const fired: FiredJob[] = [];
    for (let steps = 0; steps < MAX_STEPS; steps++) {
      const next = await this.jobs.nextDue(target);
      if (!next) break;
      if (next > this.clock.now()) await this.clock.setSimulated(next);
      const batch = await this.jobs.runDue(this.clock.now());
      fired.push(...batch);
      if (!batch.length) break; // what is due is locked by another process: it fires there
    }
    await this.clock.setSimulated(target);
    return { now: this.clock.now().toISOString(), fired: fired.length, jobs: fired.slice(0, 1000) };
  }
}
