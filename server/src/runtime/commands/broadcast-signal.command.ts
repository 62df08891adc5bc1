import { Inject, Injectable } from '@nestjs/common';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from '../instances/engine.service.js';
import type { BroadcastSignalDto } from '../instances/instance.dto.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of {@link BroadcastSignalCommand}. */
export interface BroadcastSignalInput {
  user: AuthUser;
  dto: BroadcastSignalDto;
}

/** Broadcasts a signal (`POST /api/signals`, tenant administrators) to every signal catch and signal start of the tenant; returns how many it reached. */
@Injectable()
export class BroadcastSignalCommand implements RuntimeCommand<BroadcastSignalInput, number> {
  constructor(
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async execute({ user, dto }: BroadcastSignalInput): Promise<number> {
    const tenantId = await this.scope.tenantOf(user, dto.tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    return this.engine.run(tenantId, user.id, (uow) => uow.broadcastSignal(dto.name, (dto.variables ?? {}) as JsonObject));
  }
}
