import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { AdvanceClockCommand } from './advance-clock.command.js';

/** `POST /api/clock/advance`: the tenant and one of `duration` or `to`. */
export class AdvanceClockDto {
  @ApiPropertyOptional({ example: 'region-a-sandbox', description: 'tenant key or id; default: the caller’s tenant' }) @IsOptional() @IsString() tenant?: string;
  @ApiPropertyOptional({ example: 'P14D', description: 'ISO 8601 duration' }) @IsOptional() @IsString() duration?: string;
  @ApiPropertyOptional({ example: '2027-06-01T00:00:00+06:00', description: 'ISO instant' }) @IsOptional() @IsString() to?: string;
}

/** `{ tenant, tenantId, now, mode, timeZone }` */
export class ClockView {
  @ApiProperty() tenant!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty() now!: string;
  @ApiProperty({ enum: ['real', 'simulated'], description: 'simulated: the tenant’s own time, moved only by advance' }) mode!: string;
  @ApiProperty() timeZone!: string;
}

/**
 * The time of one tenant. A sandbox always has a simulated time of its own, and under
 * `ENGINE_CLOCK=simulated` every tenant does; moving it fires that tenant's timers due on the way,
 * in order, each at its own instant, and never touches another tenant's time, timers or digests.
 */
@ApiTags('clock')
@ApiBearerAuth()
@Controller('clock')
export class ClockController {
  constructor(@Inject(AdvanceClockCommand) private readonly command: AdvanceClockCommand) {}

  @Get()
  @ApiOperation({ summary: 'The time of a tenant (default: the caller’s) and whether it is its own simulated time' })
  @ApiQuery({ name: 'tenant', required: false })
  get(@CurrentUser() user: AuthUser, @Query('tenant') tenant?: string): Promise<ClockView> {
    return this.command.view(user, tenant);
  }

  @Post('advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a tenant’s own time forward by a duration or to an instant, firing its jobs due on the way (administrators; 400 backwards; 409 for a tenant on the real clock)' })
  advance(@CurrentUser() user: AuthUser, @Body() body: AdvanceClockDto) {
    return this.command.advance(user, body);
  }
}
