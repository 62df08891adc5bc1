import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from '../instances/engine.service.js';
import { InstanceStore } from '../instances/instance.store.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of {@link CancelInstanceCommand}. */
export interface InstanceByCallerInput {
  user: AuthUser;
  instanceId: string;
}

/** Cancels (terminates) an instance (`POST /api/process-instances/:id/cancel`): its starter or a tenant administrator. */
@Injectable()
export class CancelInstanceCommand implements RuntimeCommand<InstanceByCallerInput, void> {
  constructor(
    @Inject(InstanceStore) private readonly instanceStore: InstanceStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async execute({ user, instanceId }: InstanceByCallerInput): Promise<void> {
    const { tenantId } = await this.scope.assertInstanceVisible(user, instanceId);
    if ((await this.instanceStore.startedBy(instanceId)) !== user.id) this.scope.assertTenantAdmin(user, tenantId);
    await this.engine.run(tenantId, user.id, (uow) => uow.execute(instanceId, { type: 'cancelInstance' }));
  }
}
