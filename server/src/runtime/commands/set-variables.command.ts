import { Inject, Injectable } from '@nestjs/common';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from '../instances/engine.service.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of {@link SetVariablesCommand}. */
export interface SetVariablesInput {
  user: AuthUser;
  instanceId: string;
  variables: Record<string, unknown>;
}

/** Sets instance variables (`PUT /api/process-instances/:id/variables`): tenant administrators, e.g. to fix the cause of an incident. */
@Injectable()
export class SetVariablesCommand implements RuntimeCommand<SetVariablesInput, void> {
  constructor(
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async execute({ user, instanceId, variables }: SetVariablesInput): Promise<void> {
    const { tenantId } = await this.scope.assertInstanceVisible(user, instanceId);
    this.scope.assertTenantAdmin(user, tenantId);
    await this.engine.run(tenantId, user.id, (uow) => uow.execute(instanceId, { type: 'setVariables', variables: variables as JsonObject }));
  }
}
