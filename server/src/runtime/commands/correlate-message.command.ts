import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { OrganizationStore } from '../../identity/organization.store.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from '../instances/engine.service.js';
import type { CorrelateMessageDto } from '../instances/instance.dto.js';
import type { RuntimeCommand } from './runtime-command.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** Input of {@link CorrelateMessageCommand}. */
export interface CorrelateMessageInput {
  user: AuthUser;
  dto: CorrelateMessageDto;
}

/**
 * Publishes a message (`POST /api/messages`, tenant administrators): it reaches every waiting
 * instance with that name and correlation key, else starts the processes whose latest version has
 * a message start of that name (at `orgId`, else the tenant's root). Returns how many it reached.
 */
@Injectable()
export class CorrelateMessageCommand implements RuntimeCommand<CorrelateMessageInput, number> {
  constructor(
    @Inject(OrganizationStore) private readonly organizationStore: OrganizationStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async execute({ user, dto }: CorrelateMessageInput): Promise<number> {
    const tenantId = await this.scope.tenantOf(user, dto.tenant);
    this.scope.assertTenantAdmin(user, tenantId);
    if (dto.orgId && !(await this.organizationStore.exists(dto.orgId, tenantId))) {
      throw new NotFoundException(msg('message.orgNotFound', { id: dto.orgId }));
    }
    return this.engine.run(tenantId, user.id, (uow) =>
      uow.publishMessage(dto.name, dto.correlationKey, (dto.variables ?? {}) as JsonObject, dto.orgId ?? null));
  }
}
