import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { nextTimerFiring } from '../../engine/timers/timer-spec.js';
import type { TimerDefinition } from '../../engine/model/process-model.types.js';
import { OrganizationStore } from '../../identity/organization.store.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { EngineService } from '../instances/engine.service.js';
import { TimerStartStore } from '../instances/timer-start.store.js';
import type { JobInput } from './fire-timer.command.js';
import type { RuntimeCommand } from './runtime-command.js';

/**
 * A definition's timer start event fires (job kind `timer-start`): it starts an instance — or, for
 * a process declared `startFor: { level }`, one instance per active organisation of that level —
 * and schedules its next firing, in the job's transaction.
 */
@Injectable()
export class FireTimerStartCommand implements RuntimeCommand<JobInput, void> {
  constructor(
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
    @Inject(OrganizationStore) private readonly organizationStore: OrganizationStore,
    @Inject(TimerStartStore) private readonly timerStartStore: TimerStartStore,
  ) {}

  async execute({ job, tx }: JobInput): Promise<void> {
    const p = job.payload as { timer: TimerDefinition; fired?: number; startEventId: string };
    await this.engine.runIn(tx, job.tenant_id!, null, async (uow) => {
      const def = await this.definitions.get(tx, job.definition_id!);
      const level = uow.tenant.startFor.get(def.key)?.level;
      if (level) {
        // One instance per active organisation of the level, each belonging to it (its roles resolve
        // there). The `cycle_firing` row makes it once per organisation and firing, whoever runs the job.
        for (const org of await this.organizationStore.activeAtLevel(job.tenant_id!, level, tx)) {
          const instanceId = randomUUID();
          const claimed = await this.timerStartStore.claimFiring({
            tenantId: job.tenant_id!, processKey: def.key, elementId: p.startEventId, fireAt: job.due_at, orgId: org.id, instanceId,
          }, tx);
          if (claimed) await uow.start(def, { startEventId: p.startEventId, instanceId }, { orgId: org.id, startedBy: null, subject: null });
        }
      } else {
        await uow.start(def, { startEventId: p.startEventId }, { orgId: null, startedBy: null });
      }
      // A cycle schedules its next firing in the same transaction as this one.
      const fired = (p.fired ?? 0) + 1;
      const next = nextTimerFiring(p.timer, new Date(job.due_at), uow.tenant.timeZone, uow.tenant.calendar, fired);
      if (next) {
        await this.timerStartStore.schedule({ tenantId: job.tenant_id!, definitionId: job.definition_id!, elementId: job.element_id, dueAt: next, payload: { ...p, fired } }, tx);
        uow.wakeups.push(next);
      }
    });
  }
}
