import { randomUUID } from 'node:crypto';
import { ConflictException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Engine } from '../../engine/engine.js';
import type { InstanceCommand, StartInstanceCommand } from '../../engine/runtime/commands.types.js';
import type { Effect, HistoryEntry } from '../../engine/runtime/effects.types.js';
import type { JsonObject } from '../../engine/runtime/json.types.js';
import type { InstanceState } from '../../engine/runtime/state.types.js';
import { EngineCommandError } from '../../engine/runtime/step-failure.js';
import type { DefinitionCacheService, LoadedDefinition } from '../definitions/definition-cache.service.js';
import type { TenantContext } from '../tenancy/tenant-context.service.js';
import type { RuntimeEventsService } from './runtime-events.service.js';

/** A process instance loaded and locked in this unit of work. */
export interface LoadedInstance {
  id: string;
  tenantId: string;
  definition: LoadedDefinition;
  orgId: string | null;
  rootInstanceId: string;
  parentInstanceId: string | null;
  state: InstanceState;
  isNew: boolean;
  dirty: boolean;
  ended?: { outcome: string; at: Date; variables: JsonObject };
  startedBy: string | null;
}

/** Where a new instance comes from. */
export interface StartMeta {
  orgId: string | null;
  startedBy: string | null;
  parentInstanceId?: string;
  parentExecutionId?: string;
}

/** Follow-up work the effects of a command ask for; run in order in the same transaction. */
type Work =
  | { kind: 'start'; definition: LoadedDefinition; cmd: StartInstanceCommand; meta: StartMeta }
  | { kind: 'execute'; instanceId: string; cmd: InstanceCommand; quiet?: boolean };

/** A history row waiting for the batch insert at flush. */
interface HistoryRow {
  instanceId: string;
  at: string;
  type: string;
  elementId: string | null;
  elementType: string | null;
  elementName: string | null;
  executionId: string | null;
  userId: string | null;
  data: JsonObject;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One public operation on the engine, inside one database transaction: instances are locked
 * (root instance first, so that a call-activity tree is always locked in the same order), the
 * engine core runs each command, and its effects become rows. Effects that ask for more work
 * (start a called process, tell a parent its child ended, correlate a published message,
 * broadcast a signal) queue further commands that run before the transaction commits.
 */
export class UnitOfWork {
  private readonly instances = new Map<string, LoadedInstance>();
  private readonly queue: Work[] = [];
  private readonly history: HistoryRow[] = [];
  /** Due times of jobs written, for the executor's wake-up after commit. */
  readonly wakeups: Date[] = [];
  /** Instances that ended here because their parent cancelled them (the parent is not told). */
  private readonly quietEnds = new Set<string>();
  private orgPaths = new Map<string, string[]>();
  private orgLevels = new Map<string, string>();

  constructor(
    readonly tx: EntityManager,
    readonly tenant: TenantContext,
    readonly now: Date,
    readonly userId: string | null,
    private readonly engine: Engine,
    private readonly definitions: DefinitionCacheService,
    private readonly events: RuntimeEventsService,
  ) {}

  private ctx() {
    return { now: this.now, timeZone: this.tenant.timeZone, calendar: this.tenant.calendar, userId: this.userId ?? undefined, tenant: this.tenant.key };
  }

  /** Loads and locks an instance (its root first); 404 when unknown in this tenant. */
  async lock(instanceId: string): Promise<LoadedInstance> {
    const have = this.instances.get(instanceId);
    if (have) return have;
    if (!UUID.test(instanceId)) throw new NotFoundException(`process instance ${instanceId} not found`);
    const [head] = await this.tx.query(`SELECT root_instance_id FROM process_instance WHERE id = $1 AND tenant_id = $2`, [instanceId, this.tenant.id]);
    if (!head) throw new NotFoundException(`process instance ${instanceId} not found`);
    if (head.root_instance_id !== instanceId && !this.instances.has(head.root_instance_id)) {
      await this.tx.query(`SELECT id FROM process_instance WHERE id = $1 FOR UPDATE`, [head.root_instance_id]);
    }
    const [row] = await this.tx.query(
      `SELECT id, tenant_id, definition_id, org_id, root_instance_id, parent_instance_id, state, engine_state, started_by
       FROM process_instance WHERE id = $1 FOR UPDATE`,
      [instanceId],
    );
    if (row.state !== 'active' || !row.engine_state) throw new ConflictException(`process instance ${instanceId} has ended (${row.state})`);
    const loaded: LoadedInstance = {
      id: row.id,
      tenantId: row.tenant_id,
      definition: await this.definitions.get(this.tx, row.definition_id),
      orgId: row.org_id,
      rootInstanceId: row.root_instance_id,
      parentInstanceId: row.parent_instance_id,
      state: row.engine_state,
      isNew: false,
      dirty: false,
      startedBy: row.started_by,
    };
    this.instances.set(instanceId, loaded);
    return loaded;
  }

  /** Starts an instance of `definition`; returns its id. */
  async start(definition: LoadedDefinition, cmd: Omit<StartInstanceCommand, 'type'>, meta: StartMeta): Promise<string> {
    const id = cmd.instanceId ?? randomUUID();
    this.queue.push({ kind: 'start', definition, cmd: { ...cmd, type: 'startInstance', instanceId: id }, meta });
    await this.drain();
    return id;
  }

  /** Runs a command on an instance, and everything it leads to. */
  async execute(instanceId: string, cmd: InstanceCommand): Promise<void> {
    this.queue.push({ kind: 'execute', instanceId, cmd });
    await this.drain();
  }

  /** The state of an instance after the work so far (for answers). */
  loaded(instanceId: string): LoadedInstance | undefined {
    return this.instances.get(instanceId);
  }

  private async drain(): Promise<void> {
    for (let w = this.queue.shift(); w; w = this.queue.shift()) {
      if (w.kind === 'start') await this.runStart(w.definition, w.cmd, w.meta);
      else await this.runExecute(w.instanceId, w.cmd, w.quiet);
    }
  }

  private async runStart(definition: LoadedDefinition, cmd: StartInstanceCommand, meta: StartMeta): Promise<void> {
    let rootInstanceId = cmd.instanceId!;
    if (meta.parentInstanceId) rootInstanceId = (await this.lock(meta.parentInstanceId)).rootInstanceId;
    const result = this.engine.execute(definition.model, null, cmd, this.ctx());
    const inst: LoadedInstance = {
      id: cmd.instanceId!,
      tenantId: this.tenant.id,
      definition,
      orgId: meta.orgId,
      rootInstanceId,
      parentInstanceId: meta.parentInstanceId ?? null,
      state: result.state,
      isNew: true,
      dirty: true,
      startedBy: meta.startedBy,
    };
    this.instances.set(inst.id, inst);
    await this.tx.query(
      `INSERT INTO process_instance (id, tenant_id, definition_id, process_key, business_key, org_id, state, engine_state,
         root_instance_id, parent_instance_id, parent_execution_id, started_by, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10, $11, $12)`,
      [inst.id, this.tenant.id, definition.id, definition.key, cmd.businessKey ?? null, meta.orgId, result.state, rootInstanceId,
        meta.parentInstanceId ?? null, meta.parentExecutionId ?? null, meta.startedBy, this.now],
    );
    await this.apply(inst, result.effects);
  }

  private async runExecute(instanceId: string, cmd: InstanceCommand, quiet?: boolean): Promise<void> {
    const inst = await this.lock(instanceId);
    if (inst.ended) {
      if (quiet) return;
      throw new ConflictException(`process instance ${instanceId} has ended`);
    }
    if (quiet && cmd.type === 'cancelInstance') this.quietEnds.add(instanceId);
    let result;
    try {
      result = this.engine.execute(inst.definition.model, inst.state, cmd, this.ctx());
    } catch (e) {
      if (e instanceof EngineCommandError) throw new ConflictException(e.message);
      throw e;
    }
    inst.state = result.state;
    inst.dirty = true;
    await this.apply(inst, result.effects);
  }

  private async apply(inst: LoadedInstance, effects: Effect[]): Promise<void> {
    for (const e of effects) {
      switch (e.type) {
        case 'history':
          this.pushHistory(inst.id, e.at, e.userId ?? this.userId, e.entry);
          break;
        case 'userTaskCreated':
          await this.createTask(inst, e);
          break;
        case 'userTaskCompleted':
        case 'userTaskCancelled':
          await this.tx.query(`DELETE FROM user_task WHERE id = $1`, [e.taskId]);
          await this.events.emit(this.tx, {
            type: 'taskEnded', tenantId: this.tenant.id, taskId: e.taskId, instanceId: inst.id,
            outcome: e.type === 'userTaskCompleted' ? 'completed' : 'cancelled', at: this.now,
          });
          break;
        case 'jobCreated': {
          const due = e.dueAt ? new Date(e.dueAt) : this.now;
          await this.tx.query(
            `INSERT INTO job (id, tenant_id, kind, instance_id, definition_id, element_id, execution_id, due_at, payload, retries)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [e.jobId, this.tenant.id, e.kind, inst.id, inst.definition.id, e.elementId, e.executionId, due,
              { actionType: e.actionType ?? null, input: e.input ?? {} }, e.retries ?? 3],
          );
          this.wakeups.push(due);
          break;
        }
        case 'jobRetryScheduled':
          await this.tx.query(
            `UPDATE job SET retries = $2, last_error = $3, attempts = attempts + 1, state = 'ready',
               lock_owner = NULL, lock_expires_at = NULL, due_at = $4 WHERE id = $1`,
            [e.jobId, e.retries, e.message, new Date(this.now.getTime() + 10_000)],
          );
          break;
        case 'jobRemoved':
          await this.tx.query(`DELETE FROM job WHERE id = $1`, [e.jobId]);
          break;
        case 'subscriptionOpened':
          await this.tx.query(
            `INSERT INTO event_subscription (id, tenant_id, kind, name, correlation_key, instance_id, definition_id, element_id, execution_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [e.subscriptionId, this.tenant.id, e.kind, e.name, e.correlationKey ?? null, inst.id, inst.definition.id, e.elementId, e.executionId, this.now],
          );
          break;
        case 'subscriptionClosed':
          await this.tx.query(`DELETE FROM event_subscription WHERE id = $1`, [e.subscriptionId]);
          break;
        case 'incidentRaised':
          await this.tx.query(
            `INSERT INTO incident (id, tenant_id, instance_id, element_id, execution_id, job_id, kind, message, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [e.incidentId, this.tenant.id, inst.id, e.elementId, e.executionId, e.jobId ?? null, e.jobId ? 'job-failed' : 'engine', e.message, this.now],
          );
          if (e.jobId) await this.tx.query(`UPDATE job SET state = 'failed', lock_owner = NULL, last_error = $2 WHERE id = $1`, [e.jobId, e.message]);
          break;
        case 'incidentResolved':
          await this.tx.query(`DELETE FROM incident WHERE id = $1`, [e.incidentId]);
          break;
        case 'callActivityStartRequested': {
          const def = await this.definitions.latest(this.tx, this.tenant.id, e.processKey);
          this.queue.push({
            kind: 'start',
            definition: def,
            cmd: { type: 'startInstance', instanceId: randomUUID(), variables: e.variables, businessKey: e.businessKey ?? inst.state.businessKey,
              initiator: inst.state.initiator, parent: { instanceId: inst.id, executionId: e.executionId } },
            meta: { orgId: inst.orgId, startedBy: inst.startedBy, parentInstanceId: inst.id, parentExecutionId: e.executionId },
          });
          break;
        }
        case 'childInstanceCancelRequested': {
          const children: { id: string }[] = await this.tx.query(
            `SELECT id FROM process_instance WHERE parent_instance_id = $1 AND parent_execution_id = $2 AND state = 'active'`,
            [inst.id, e.executionId],
          );
          for (const c of children) this.queue.push({ kind: 'execute', instanceId: c.id, cmd: { type: 'cancelInstance' }, quiet: true });
          break;
        }
        case 'instanceEnded':
          await this.endInstance(inst, e);
          break;
        case 'signalBroadcast':
          await this.broadcastSignal(e.name, e.variables);
          break;
        case 'messagePublished':
          await this.publishMessage(e.name, e.correlationKey, e.variables);
          break;
        case 'notificationRequested':
          // Delivery belongs to the notifications module (a listener); the request is kept in the history.
          this.pushRaw(inst.id, 'notification-requested', e.elementId, { roles: e.roles, users: e.users, subject: e.subject, body: e.body });
          await this.events.emit(this.tx, {
            type: 'notificationRequested', tenantId: this.tenant.id, instanceId: inst.id, orgId: inst.orgId, elementId: e.elementId,
            roles: e.roles, users: e.users, subject: e.subject, body: e.body, data: (e.data ?? {}) as JsonObject, at: this.now,
          });
          break;
        default: {
          const never: never = e;
          throw new Error(`unhandled engine effect ${(never as Effect).type}`);
        }
      }
    }
  }

  private async endInstance(inst: LoadedInstance, e: Extract<Effect, { type: 'instanceEnded' }>): Promise<void> {
    inst.ended = { outcome: e.outcome, at: this.now, variables: e.variables };
    inst.dirty = true;
    await this.events.emit(this.tx, { type: 'instanceEnded', tenantId: this.tenant.id, instanceId: inst.id, processKey: inst.definition.key, outcome: e.outcome, at: this.now });
    // Runtime rows leave with the instance; the history keeps everything.
    for (const t of ['user_task', 'job', 'event_subscription', 'incident']) {
      await this.tx.query(`DELETE FROM ${t} WHERE instance_id = $1`, [inst.id]);
    }
    if (e.parent && !this.quietEnds.has(inst.id)) {
      this.queue.push({
        kind: 'execute',
        instanceId: e.parent.instanceId,
        cmd: {
          type: 'childInstanceEnded',
          executionId: e.parent.executionId,
          outcome: e.outcome === 'error' ? 'error' : e.outcome,
          variables: e.variables,
          code: e.errorCode,
          message: e.errorMessage,
        },
        quiet: true,
      });
    }
  }

  /**
   * Correlates a message: every instance subscription with this name and correlation key (one
   * per instance); when none matches, the message start events of the tenant's latest
   * definitions. Returns how many it reached.
   */
  async publishMessage(name: string, correlationKey: string | undefined, variables: JsonObject): Promise<number> {
    const subs: { id: string; instance_id: string; definition_id: string; element_id: string; kind: string }[] = await this.tx.query(
      `SELECT DISTINCT ON (coalesce(instance_id::text, id::text)) id, instance_id, definition_id, element_id, kind
       FROM event_subscription
       WHERE tenant_id = $1 AND name = $2 AND kind IN ('message', 'message-start')
         AND (correlation_key IS NOT DISTINCT FROM $3 OR kind = 'message-start')
       ORDER BY coalesce(instance_id::text, id::text), created_at`,
      [this.tenant.id, name, correlationKey ?? null],
    );
    const toInstances = subs.filter((s) => s.kind === 'message');
    for (const s of toInstances) {
      this.queue.push({ kind: 'execute', instanceId: s.instance_id, cmd: { type: 'triggerSubscription', subscriptionId: s.id, variables } });
    }
    if (toInstances.length) {
      await this.drain();
      return toInstances.length;
    }
    const starts = subs.filter((s) => s.kind === 'message-start');
    for (const s of starts) {
      const def = await this.definitions.get(this.tx, s.definition_id);
      this.queue.push({
        kind: 'start',
        definition: def,
        cmd: { type: 'startInstance', instanceId: randomUUID(), startEventId: s.element_id, variables, businessKey: correlationKey },
        meta: { orgId: null, startedBy: this.userId },
      });
    }
    await this.drain();
    return starts.length;
  }

  /** Delivers a signal to every signal subscription and signal start of the tenant. */
  async broadcastSignal(name: string, variables: JsonObject): Promise<number> {
    const subs: { id: string; instance_id: string | null; definition_id: string; element_id: string; kind: string }[] = await this.tx.query(
      `SELECT id, instance_id, definition_id, element_id, kind FROM event_subscription
       WHERE tenant_id = $1 AND name = $2 AND kind IN ('signal', 'signal-start') ORDER BY created_at`,
      [this.tenant.id, name],
    );
    for (const s of subs) {
      if (s.kind === 'signal') {
        this.queue.push({ kind: 'execute', instanceId: s.instance_id!, cmd: { type: 'triggerSubscription', subscriptionId: s.id, variables }, quiet: true });
      } else {
        const def = await this.definitions.get(this.tx, s.definition_id);
        this.queue.push({
          kind: 'start', definition: def,
          cmd: { type: 'startInstance', instanceId: randomUUID(), startEventId: s.element_id, variables },
          meta: { orgId: null, startedBy: this.userId },
        });
      }
    }
    await this.drain();
    return subs.length;
  }

  private async createTask(inst: LoadedInstance, e: Extract<Effect, { type: 'userTaskCreated' }>): Promise<void> {
    const pairs: { role: string; orgId: string }[] = [];
    const unresolved: string[] = [];
    for (const role of e.candidateGroups) {
      const declared = this.tenant.roles.get(role);
      const orgId = declared && inst.orgId ? await this.ancestorAtLevel(inst.orgId, declared.level) : undefined;
      if (orgId) pairs.push({ role, orgId });
      else unresolved.push(role);
    }
    const [assignee] = e.assignee ? await this.userIds([e.assignee]) : [];
    const candidateUsers = e.candidateUsers.length ? await this.userIds(e.candidateUsers) : [];
    const dueAt = e.dueAt ? new Date(e.dueAt) : null;
    await this.tx.query(
      `INSERT INTO user_task (id, tenant_id, instance_id, definition_id, process_key, element_id, execution_id, name, org_id,
         assignee, candidate_users, candidate_roles, form_id, due_at, follow_up_at, input, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [e.taskId, this.tenant.id, inst.id, inst.definition.id, inst.definition.key, e.elementId, e.executionId, e.name ?? null, inst.orgId,
        assignee ?? null, candidateUsers, e.candidateGroups, e.formId ?? null, dueAt, e.followUpAt ? new Date(e.followUpAt) : null, e.variables, this.now],
    );
    if (pairs.length) {
      const values = pairs.map((_, i) => `($1, $${i * 2 + 3}, $${i * 2 + 4}, $2)`).join(', ');
      await this.tx.query(
        `INSERT INTO task_candidate (task_id, role, org_id, due_at) VALUES ${values} ON CONFLICT DO NOTHING`,
        [e.taskId, dueAt, ...pairs.flatMap((p) => [p.role, p.orgId])],
      );
    }
    await this.events.emit(this.tx, {
      type: 'taskCreated', tenantId: this.tenant.id, taskId: e.taskId, instanceId: inst.id, processKey: inst.definition.key,
      elementId: e.elementId, name: e.name ?? null, orgId: inst.orgId, assignee: assignee ?? null, candidateUsers,
      candidatePairs: pairs, dueAt, at: this.now,
    });
    if (unresolved.length) {
      this.pushRaw(inst.id, 'candidates-unresolved', e.elementId, {
        taskId: e.taskId, roles: unresolved,
        reason: inst.orgId ? 'role not declared, or no organisation at its level above the instance organisation' : 'the instance has no organisation',
      });
    }
  }

  /** The instance organisation itself or its ancestor at `level`. */
  private async ancestorAtLevel(orgId: string, level: string): Promise<string | undefined> {
    let ids = this.orgPaths.get(orgId);
    if (!ids) {
      const [org] = await this.tx.query(`SELECT path FROM organization WHERE id = $1`, [orgId]);
      ids = org ? (org.path as string).split('/').filter(Boolean) : [];
      this.orgPaths.set(orgId, ids);
      const unknown = ids.filter((id) => !this.orgLevels.has(id));
      if (unknown.length) {
        const rows: { id: string; level: string }[] = await this.tx.query(`SELECT id, level FROM organization WHERE id = ANY($1::uuid[])`, [unknown]);
        for (const r of rows) this.orgLevels.set(r.id, r.level);
      }
    }
    return [...ids].reverse().find((id) => this.orgLevels.get(id) === level);
  }

  /** Resolves user ids or usernames of this tenant to ids (unknown names are dropped). */
  private async userIds(refs: string[]): Promise<string[]> {
    const ids = refs.filter((r) => UUID.test(r));
    const names = refs.filter((r) => !UUID.test(r));
    if (!names.length) return ids;
    const rows: { id: string }[] = await this.tx.query(
      `SELECT id FROM app_user WHERE tenant_id = $1 AND username = ANY($2::text[])`,
      [this.tenant.id, names],
    );
    return [...ids, ...rows.map((r) => r.id)];
  }

  private pushHistory(instanceId: string, at: string, userId: string | null, entry: HistoryEntry): void {
    const { kind, ...rest } = entry;
    const r = rest as Record<string, unknown>;
    this.history.push({
      instanceId,
      at,
      type: kind,
      elementId: (r.elementId as string) ?? null,
      elementType: (r.elementType as string) ?? null,
      elementName: (r.name as string) ?? null,
      executionId: (r.executionId as string) ?? null,
      userId: (r.userId as string) ?? userId,
      data: rest as JsonObject,
    });
  }

  /** A history row the engine did not emit (what this layer decided or could not do). */
  pushRaw(instanceId: string, type: string, elementId: string | null, data: JsonObject): void {
    this.history.push({ instanceId, at: this.now.toISOString(), type, elementId, elementType: null, elementName: null, executionId: null, userId: this.userId, data });
  }

  /** Writes the instances' new states and the history rows; call once, before commit. */
  async flush(): Promise<void> {
    for (const inst of this.instances.values()) {
      if (!inst.dirty) continue;
      const root = inst.state.elements[inst.id];
      const variables = inst.ended ? inst.ended.variables : (root?.variables ?? {});
      const active = Object.values(inst.state.elements).filter((x) => x.id !== inst.id).map((x) => x.elementId);
      if (inst.ended) {
        await this.tx.query(
          `UPDATE process_instance SET state = $2, engine_state = NULL, variables = $3, active_element_ids = '{}', ended_at = $4, rev = rev + 1 WHERE id = $1`,
          [inst.id, inst.ended.outcome === 'completed' ? 'completed' : 'terminated', variables, inst.ended.at],
        );
      } else {
        await this.tx.query(
          `UPDATE process_instance SET engine_state = $2, variables = $3, active_element_ids = $4, rev = rev + 1 WHERE id = $1`,
          [inst.id, inst.state, variables, [...new Set(active)]],
        );
      }
    }
    if (this.history.length) {
      const cols = 10;
      for (let i = 0; i < this.history.length; i += 500) {
        const chunk = this.history.slice(i, i + 500);
        const values = chunk.map((_, j) => `(${Array.from({ length: cols }, (__, k) => `$${j * cols + k + 1}`).join(', ')})`).join(', ');
        await this.tx.query(
          `INSERT INTO history_event (tenant_id, instance_id, at, type, element_id, element_type, element_name, execution_id, user_id, data) VALUES ${values}`,
          chunk.flatMap((h) => [this.tenant.id, h.instanceId, h.at, h.type, h.elementId, h.elementType, h.elementName, h.executionId, h.userId, h.data]),
        );
      }
      this.history.length = 0;
    }
  }
}
