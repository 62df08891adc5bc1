import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from './engine.service.js';
import { BroadcastSignalDto, CorrelateMessageDto } from './instance.dto.js';

/** Messages (correlated by name and key; message start events start instances) and signals. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessageController {
  constructor(
    private readonly ds: DataSource,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  @Post('messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a message: it reaches every waiting instance with that name and correlation key, else starts processes by their message start' })
  async correlate(@CurrentUser() user: AuthUser, @Body() body: CorrelateMessageDto) {
    const tenantId = await this.scope.tenantOf(user, body.tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    if (body.orgId && !(await this.ds.query(`SELECT 1 FROM organization WHERE id = $1 AND tenant_id = $2`, [body.orgId, tenantId])).length) {
      throw new NotFoundException(`organisation ${body.orgId} not found`);
    }
    const correlated = await this.engine.run(tenantId, user.id, (uow) =>
      uow.publishMessage(body.name, body.correlationKey, (body.variables ?? {}) as JsonObject, body.orgId ?? null));
    return { correlated };
  }

  @Post('signals')
  @HttpCode(200)
  @ApiOperation({ summary: 'Broadcast a signal to every waiting signal catch and signal start of the tenant' })
  async broadcast(@CurrentUser() user: AuthUser, @Body() body: BroadcastSignalDto) {
    const tenantId = await this.scope.tenantOf(user, body.tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    const delivered = await this.engine.run(tenantId, user.id, (uow) => uow.broadcastSignal(body.name, (body.variables ?? {}) as JsonObject));
    return { delivered };
  }
}
