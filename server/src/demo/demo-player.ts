import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CompleteUserTaskCommand } from '../runtime/commands/complete-user-task.command.js';
import { RaiseMessageCommand } from '../runtime/commands/raise-message.command.js';
import { StartInstanceCommand } from '../runtime/commands/start-instance.command.js';
import { EngineService } from '../runtime/instances/engine.service.js';
import { timeline } from './demo-plan.js';
import type { PlannedRoute } from './demo-plan.js';
import { DemoStore } from './demo.store.js';

/** The people and places of a demo tenant, as the player needs them. */
export interface DemoCast {
  tenantId: string;
  /** Signed-in views of the demo users (their memberships with organisation paths), by username. */
  users: Map<string, AuthUser>;
  /** Organisation ids by the demo file's refs. */
  orgs: Map<string, string>;
}

/** Routes of one group play one after another in time order; groups play side by side, this many at a time. */
const GROUPS_AT_ONCE = 3;

/**
 * Plays a demo tenant's year through the runtime's own commands, each dated at its instant of the
 * past (`at`): starts, completions (authorised as their user, forms validated) and raised messages;
 * before each step the route's timers due by then fire at their own instants (as the job executor
 * would have), and at the end those due by the load. Routes are independent of one another except
 * those of one process at one organisation (a yearly cycle reads the last one's goals): such a group
 * plays in time order, and groups play side by side. A route whose step fails is reported and left
 * where it stands; the others go on.
 */
@Injectable()
export class DemoPlayer {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(DemoStore) private readonly store: DemoStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(StartInstanceCommand) private readonly startInstance: StartInstanceCommand,
    @Inject(CompleteUserTaskCommand) private readonly completeTask: CompleteUserTaskCommand,
    @Inject(RaiseMessageCommand) private readonly raiseMessage: RaiseMessageCommand,
  ) {}

  /** Plays the routes up to `now`; returns how many failed somewhere. */
  async play(cast: DemoCast, routes: PlannedRoute[], now: Date): Promise<number> {
    const groups = new Map<string, PlannedRoute[]>();
    for (const r of routes) {
      groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    }
    const queue = [...groups.values()];
    let failed = 0;
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) failed += await this.playGroup(cast, g, now);
    };
    await Promise.all(Array.from({ length: Math.min(GROUPS_AT_ONCE, queue.length) }, worker));
    return failed;
  }

  private async playGroup(cast: DemoCast, routes: PlannedRoute[], now: Date): Promise<number> {
    const ids = new Map<PlannedRoute, string>();
    const failed = new Set<PlannedRoute>();
    for (const ev of timeline(routes)) {
      if (failed.has(ev.route)) continue;
      try {
        if (ev.step < 0) ids.set(ev.route, await this.start(cast, ev.route));
        else {
          await this.fireDue(cast.tenantId, ids.get(ev.route)!, ev.at);
          await this.step(cast, ev.route, ids.get(ev.route)!, ev.step);
        }
      } catch (e) {
        failed.add(ev.route);
        const detail = (e as { response?: unknown }).response;
        this.logger.error(`${ev.route.label} (${ev.route.process}) ${ev.step < 0 ? 'start' : `step ${ev.step}`}: ${(e as Error).message}${detail ? ` ${JSON.stringify(detail)}` : ''}`);
      }
    }
    for (const id of ids.values()) await this.fireDue(cast.tenantId, id, now);
    return failed.size;
  }

  private user(cast: DemoCast, username: string | undefined, what: string): AuthUser {
    const u = username ? cast.users.get(username) : undefined;
    if (!u) throw new Error(`${what}: unknown demo user "${username ?? ''}"`);
    return u;
  }

  private async start(cast: DemoCast, r: PlannedRoute): Promise<string> {
    const orgId = r.org ? cast.orgs.get(r.org) : undefined;
    if (r.org && !orgId) throw new Error(`${r.label}: unknown organisation "${r.org}"`);
    const at = r.startAt;
    if (!r.startedBy) {
      // As the start event's timer would: about nobody, at the organisation.
      return this.engine.run(cast.tenantId, null, async (uow) => {
        const def = await this.engine.definitions.latest(uow.tx, cast.tenantId, r.process);
        return uow.start(def, { startEventId: r.startEvent, variables: r.variables as JsonObject, businessKey: r.businessKey }, { orgId: orgId ?? null, startedBy: null, subject: null });
      }, { at });
    }
    const user = this.user(cast, r.startedBy, r.label);
    const subjectId = r.subject && r.subject !== r.startedBy ? this.user(cast, r.subject, r.label).id : undefined;
    return this.startInstance.execute({ user, dto: { processKey: r.process, subjectId, orgId, variables: r.variables, businessKey: r.businessKey } as never, at });
  }

  private async step(cast: DemoCast, r: PlannedRoute, instanceId: string, k: number): Promise<void> {
    const s = r.steps[k];
    const what = `${r.label} step ${k}`;
    if (s.raise) {
      await this.raiseMessage.execute({ user: this.user(cast, s.as, what), instanceId, dto: { name: s.raise, variables: s.variables } as never, at: s.at });
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
    await this.completeTask.execute({ user, taskId: task.id, variables: s.variables, at: s.at });
  }

  /** Fires the route's timers due by `upTo`, each at its own instant, oldest first (as the job executor would have). */
  private async fireDue(tenantId: string, rootId: string, upTo: Date): Promise<void> {
    const fired = new Set<string>();
    for (let due = await this.store.nextDueTimer(rootId, upTo); due; due = await this.store.nextDueTimer(rootId, upTo)) {
      // a timer that stays after its firing (it failed) would come back for ever: the job executor has it
      if (fired.has(due.id)) return;
      fired.add(due.id);
      await this.engine.run(tenantId, null, (uow) => uow.execute(due.instance_id, { type: 'fireTimer', jobId: due.id }), { at: new Date(due.due_at) });
    }
  }
}
