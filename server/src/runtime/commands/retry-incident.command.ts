import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { isUuid } from '../../common/ids.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from '../instances/engine.service.js';
import { IncidentStore } from '../instances/incident.store.js';
import type { RuntimeCommand } from './runtime-command.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** Input of {@link RetryIncidentCommand}. */
export interface RetryIncidentInput {
  user: AuthUser;
  incidentId: string;
}

/** What a retry answers: whether the step went through, else the incident it raised again. */
export interface RetriedIncident {
  retried: true;
  resolved: boolean;
  incident: { id: string; message: string } | null;
}

/**
 * Retries the step behind an incident (`POST /api/incidents/:id/retry`, tenant administrators),
 * after its cause was fixed: an engine incident is retried by the engine; a job whose tries ran out
 * in the executor is made due again.
 */
@Injectable()
export class RetryIncidentCommand implements RuntimeCommand<RetryIncidentInput, RetriedIncident> {
  constructor(
    @Inject(IncidentStore) private readonly incidentStore: IncidentStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async execute({ user, incidentId: id }: RetryIncidentInput): Promise<RetriedIncident> {
    if (!isUuid(id)) throw new NotFoundException(msg('incident.notFound', { id }));
    const inc = await this.incidentStore.byId(id);
    if (!inc || (!user.isSuperadmin && inc.tenant_id !== user.tenantId)) throw new NotFoundException(msg('incident.notFound', { id }));
    this.scope.assertTenantAdmin(user, inc.tenant_id);
    if (inc.kind === 'job-failed' && inc.job_id && !(await this.incidentStore.engineKnows(inc.instance_id, id))) {
      // A job whose tries ran out in the executor (not an engine incident): make it due again.
      await this.engine.run(inc.tenant_id, user.id, async (uow) => {
        await this.incidentStore.retryFailedJob(inc, uow.now, user.id, uow.tx);
        uow.wakeups.push(uow.now);
      });
    } else {
      await this.engine.run(inc.tenant_id, user.id, (uow) => uow.execute(inc.instance_id!, { type: 'retryIncident', incidentId: id }));
    }
    // The retried incident row is gone either way; a step that failed again raised a new one on the same element.
    const still = await this.incidentStore.openOn(inc.instance_id, inc.element_id);
    return { retried: true, resolved: !still, incident: still ?? null };
  }
}
