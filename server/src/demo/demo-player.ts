import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { ClockService } from '../jobs/clock.service.js';
import { CompleteUserTaskCommand } from '../runtime/commands/complete-user-task.command.js';
import { FireTimerStartCommand } from '../runtime/commands/fire-timer-start.command.js';
import { FireTimerCommand } from '../runtime/commands/fire-timer.command.js';
import { RaiseMessageCommand } from '../runtime/commands/raise-message.command.js';
import { StartInstanceCommand } from '../runtime/commands/start-instance.command.js';
import { EngineService } from '../runtime/instances/engine.service.js';
import type { PlannedEvent, PlannedRoute } from './demo-plan.js';
import { DemoStore } from './demo.store.js';

/** The people and places of a demo tenant, as the player needs them. */
export interface DemoCast {
  tenantId: string;
  /** Signed-in views of the demo users (their memberships with organisation paths), by username. */
  users: Map<string, AuthUser>;
  /** Organisation ids by the demo file's refs. */
  orgs: Map<string, string>;
}

/**
 * Plays a demo tenant's year through the runtime's own commands: the tenant runs on a clock of its
 * own for the time of the load, moved from event to event; the timers due on the way fire at their
 * instants (as the job executor would); each start, completion and raised message is the public
 * command (authorised as its user, forms validated). At the end the tenant is brought to the load's
 * instant and back to the machine's time, so the demo looks current on the day it is loaded.
 * A route whose step fails is reported and left where it stands; the others go on.
 */
@Injectable()
export class DemoPlayer {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly ds: DataSource,
    @Inject(DemoStore) private readonly store: DemoStore,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(StartInstanceCommand) private readonly startInstance: StartInstanceCommand,
    @Inject(CompleteUserTaskCommand) private readonly completeTask: CompleteUserTaskCommand,
    @Inject(RaiseMessageCommand) private readonly raiseMessage: RaiseMessageCommand,
    @Inject(FireTimerCommand) private readonly fireTimer: FireTimerCommand,
    @Inject(FireTimerStartCommand) private readonly fireTimerStart: FireTimerStartCommand,
  ) {}

  /** Plays the events (in time order) up to `now`; returns how many routes failed somewhere. */
  async play(cast: DemoCast, events: PlannedEvent[], now: Date): Promise<number> {
    const first = events[0]?.at ?? now;
    await this.store.startDemoClock(cast.tenantId, first);
    await this.clock.moveTo(cast.tenantId, first);
    const ids = new Map<PlannedRoute, string>();
    const failed = new Set<PlannedRoute>();
    try {
      for (const ev of events) {
        if (failed.has(ev.route)) continue;
        await this.fireDue(cast.tenantId, ev.at);
        await this.clock.moveTo(cast.tenantId, ev.at);
        try {
          if (ev.step < 0) ids.set(ev.route, await this.start(cast, ev.route));
          else await this.step(cast, ev.route, ids.get(ev.route)!, ev.step);
        } catch (e) {
          failed.add(ev.route);
          const detail = (e as { response?: unknown }).response;
          this.logger.error(`${ev.route.label} (${ev.route.process}) ${ev.step < 0 ? 'start' : `step ${ev.step}`}: ${(e as Error).message}${detail ? ` ${JSON.stringify(detail)}` : ''}`);
        }
      }
      await this.fireDue(cast.tenantId, now);
      await this.clock.moveTo(cast.tenantId, now);
    } finally {
      await this.store.endDemoClock(cast.tenantId);
      this.clock.forget(cast.tenantId);
    }
    return failed.size;
  }

  private user(cast: DemoCast, username: string | undefined, what: string): AuthUser {
    const u = username ? cast.users.get(username) : undefined;
    if (!u) throw new Error(`${what}: unknown demo user "${username ?? ''}"`);
    return u;
  }

  private org(cast: DemoCast, ref: string | undefined, what: string): string | undefined {
    if (!ref) return undefined;
    const id = cast.orgs.get(ref);
    if (!id) throw new Error(`${what}: unknown organisation "${ref}"`);
    return id;
  }

  private async start(cast: DemoCast, r: PlannedRoute): Promise<string> {
    const orgId = this.org(cast, r.org, r.label);
    if (!r.startedBy) {
      // As the start event's timer would: about nobody, at the organisation.
      return this.engine.run(cast.tenantId, null, async (uow) => {
        const def = await this.engine.definitions.latest(uow.tx, cast.tenantId, r.process);
        return uow.start(def, { startEventId: r.startEvent, variables: r.variables as JsonObject, businessKey: r.businessKey }, { orgId: orgId ?? null, startedBy: null, subject: null });
      });
    }
    const user = this.user(cast, r.startedBy, r.label);
    const subjectId = r.subject && r.subject !== r.startedBy ? this.user(cast, r.subject, r.label).id : undefined;
    return this.startInstance.execute({ user, dto: { processKey: r.process, subjectId, orgId, variables: r.variables, businessKey: r.businessKey } as never });
  }

  private async step(cast: DemoCast, r: PlannedRoute, instanceId: string, k: number): Promise<void> {
    const s = r.steps[k];
    const what = `${r.label} step ${k}`;
    if (s.raise) {
      await this.raiseMessage.execute({ user: this.user(cast, s.as, what), instanceId, dto: { name: s.raise, variables: s.variables } as never });
      return;
    }
    const as = s.as ? this.user(cast, s.as, what) : undefined;
    const about = s.about ? this.user(cast, s.about, what).id : null;
    const task = await this.store.openTask(instanceId, s.complete!, as?.id ?? null, about);
    if (!task) {
      const state = await this.store.routeState(instanceId);
      throw new Error(`no open task "${s.complete}"${as ? ` for ${as.username}` : ''}${s.about ? ` about ${s.about}` : ''} (open: ${state.open.join(', ') || 'none'}; incidents: ${JSON.stringify(state.incidents)})`);
    }
    const userId = as?.id ?? task.assignee ?? task.holder;
    const user = [...cast.users.values()].find((u) => u.id === userId);
    if (!user) throw new Error(`${what}: nobody of the demo may complete "${s.complete}"`);
    await this.completeTask.execute({ user, taskId: task.id, variables: s.variables });
  }

  /** Fires the tenant's timers due by `upTo`, each at its own instant, oldest first. */
  private async fireDue(tenantId: string, upTo: Date): Promise<void> {
    const fired = new Set<string>();
    for (let due = await this.store.nextDueTimer(tenantId, upTo); due; due = await this.store.nextDueTimer(tenantId, upTo)) {
      // a job that stays after its firing (it failed) would come back for ever
      if (fired.has(due.id)) {
        this.logger.error(`timer job ${due.id} did not fire; left to the job executor`);
        return;
      }
      fired.add(due.id);
      await this.clock.moveTo(tenantId, new Date(due.due_at));
      await this.ds.transaction(async (tx) => {
        const job = await this.store.lockJob(tx, due.id);
        if (!job) return;
        if (job.kind === 'timer') await this.fireTimer.execute({ job, tx });
        else {
          await this.fireTimerStart.execute({ job, tx });
          await this.store.deleteJob(tx, job.id);
        }
      });
    }
  }
}
