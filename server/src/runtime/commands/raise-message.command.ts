import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { roleNamesOf, TenantContextService } from '../tenancy/tenant-context.service.js';
import { EngineService } from '../instances/engine.service.js';
import type { RaiseMessageDto } from '../instances/instance.dto.js';
import { mayRaise } from '../instances/instance-rights.js';
import { InstanceStore } from '../instances/instance.store.js';
import { openMessageSubscription } from '../instances/subscription.store.js';
import type { RuntimeCommand } from './runtime-command.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** Input of {@link RaiseMessageCommand}. */
export interface RaiseMessageInput {
  user: AuthUser;
  instanceId: string;
  dto: RaiseMessageDto;
  /** The engine instant of the message (demo data dated in the past); default: now. */
  at?: Date;
}

/**
 * A participant raises a message on one instance (`POST /api/process-instances/:id/messages`):
 * the message must be declared raisable for the instance's process (`variant.json` →
 * `processes.<key>.raisable`, else 400), the caller must see the instance (else 404) and hold one
 * of its `roles` at the instance's organisation or above when the declaration names roles (else
 * 403). It reaches this instance's open subscription of that name, whatever its correlation key,
 * and no other instance; 409 when the instance is not waiting for it now.
 */
@Injectable()
export class RaiseMessageCommand implements RuntimeCommand<RaiseMessageInput, void> {
  constructor(
    @Inject(InstanceStore) private readonly instanceStore: InstanceStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  async execute({ user, instanceId: id, dto, at }: RaiseMessageInput): Promise<void> {
    const { tenantId } = await this.scope.assertInstanceVisible(user, id);
    const inst = await this.instanceStore.processAndOrg(id);
    const engineTenant = await this.tenants.get(tenantId);
    const declared = engineTenant.raisable.get(inst.process_key) ?? [];
    const rule = declared.find((r) => r.message === dto.name);
    if (!rule) {
      throw new BadRequestException({
        message: msg('raise.notDeclared', { name: dto.name, process: inst.name ?? inst.process_key, where: `processes.${inst.process_key}.raisable`,
          declared: declared.length ? `: ${declared.map((r) => r.message).join(', ')}` : ' пуст', declaredEn: declared.length ? `: ${declared.map((r) => r.message).join(', ')}` : ' is empty' }),
        fields: { name: [msg('raise.notDeclaredField')] },
      });
    }
    if (!mayRaise(user, rule.roles, inst.path)) {
      throw new ForbiddenException(msg('raise.roleRequired', { name: dto.name, roles: roleNamesOf(engineTenant, rule.roles ?? []) }));
    }
    await this.engine.run(tenantId, user.id, async (uow) => {
      await uow.lock(id);
      const sub = await openMessageSubscription(uow.tx, id, dto.name);
      if (!sub) throw new ConflictException(msg('raise.notWaiting', { name: dto.name }));
      uow.pushRaw(id, 'messageRaised', null, { name: dto.name });
      await uow.execute(id, { type: 'triggerSubscription', subscriptionId: sub, variables: (dto.variables ?? {}) as JsonObject });
    }, { at });
  }
}
