import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Engine } from '../../engine/engine.js';
import type { InstanceCommand, StartInstanceCommand } from '../../engine/execution/commands.types.js';
import type { Effect } from '../../engine/execution/effects.types.js';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { reservedVariablesIn, ReservedVariableError } from '../../engine/execution/reserved-variables.js';
import { EngineCommandError } from '../../engine/execution/step-failure.js';
import { isUuid } from '../../common/ids.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { timedCommand } from '../../observability/command-observers.js';
import { noteLogInstance } from '../../observability/log-context.js';
import type { DefinitionCacheService, LoadedDefinition } from '../definitions/definition-cache.service.js';
import type { TenantContext } from '../tenancy/tenant-context.service.js';
import { writeEffectRows } from './effect-rows.js';
import { inheritedSubject, itemSubject, subjectFor } from './instance-subjects.js';
import type { EffectSink, LoadedInstance, StartMeta } from './loaded-instance.types.js';
import type { RuntimeEvent, RuntimeEventsService } from './runtime-events.service.js';
import { activeChildren, lockInstanceRow, lockRootOfTask, taskState } from './instance.store.js';
import type { LockedInstanceRow } from './instance.store.js';
import { startContextVariables } from './start-context.store.js';
import { messageSubscriptions, signalSubscriptions } from './subscription.store.js';
import { createTaskRows } from './user-task-rows.js';
import { WriteSet } from './write-set.js';

export type { LoadedInstance, StartMeta } from './loaded-instance.types.js';

/** Follow-up work the effects of a command ask for; run in order in the same transaction. */
type Work =
  | { kind: 'start'; definition: LoadedDefinition; cmd: StartInstanceCommand; meta: StartMeta }
  | { kind: 'execute'; instanceId: string; cmd: InstanceCommand; quiet?: boolean; delivered?: { n: number } };


/**
 * One public operation on the engine, inside one database transaction: instances are locked
 * (root instance first, so that a call-activity tree is always locked in the same order), the
 * engine core runs each command, and its effects become rows. Effects that ask for more work
 * (start a called process, tell a parent its child ended, correlate a published message,
 * broadcast a signal) queue further commands that run before the transaction commits.
 */
export class UnitOfWork implements EffectSink {
  private readonly instances = new Map<string, LoadedInstance>();
  private readonly queue: Work[] = [];
  /** Everything this command writes, sent as one statement at flush (or before a read that must see it). */
  readonly writes = new WriteSet();
  /** Due times of jobs written, for the executor's wake-up after commit. */
  readonly wakeups: Date[] = [];
  /** Instances that ended here because their parent cancelled them (the parent is not told). */
  private readonly quietEnds = new Set<string>();

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

  private readonly deferWrite = (sql: string, params: unknown[], select?: boolean) => this.writes.defer(sql, params, select);

  emit(event: RuntimeEvent): Promise<void> {
    return this.events.emit(this.tx, event, this.deferWrite);
  }

  /**
   * Loads and locks an instance (its root first); 404 when unknown in this tenant. With `taskId`,
   * the same query also reads whether that task is still open and who has it (after the lock).
   */
  async lock(instanceId: string, taskId?: string): Promise<LoadedInstance & { task?: { open: boolean; assignee: string | null } }> {
    const have = this.instances.get(instanceId);
    if (have && !taskId) return have;
    if (!isUuid(instanceId)) throw new NotFoundException(msg('instance.notFound', { id: instanceId }));
    noteLogInstance(instanceId);
    const checkedTask = taskId && isUuid(taskId) ? taskId : undefined;
    const withTask = (inst: LoadedInstance, r: { task_open?: boolean; task_assignee?: string | null }) =>
      checkedTask ? { ...inst, task: { open: !!r.task_open, assignee: r.task_assignee ?? null } } : inst;
    if (have) return withTask(have, checkedTask ? await taskState(this.tx, checkedTask) : {});
    const row = await lockInstanceRow(this.tx, instanceId, this.tenant.id, checkedTask, (rootId) => this.instances.has(rootId));
    if (!row) throw new NotFoundException(msg('instance.notFound', { id: instanceId }));
    return withTask(await this.loadLocked(row), row);
  }

  /**
   * Locks the root instance an open task waits in and reads the task's `access` columns (over alias
   * `t`) in one statement; the task's row, or undefined when the task is not open in this tenant or
   * waits in a called instance (then: an access check and {@link UnitOfWork.lock}).
   */
  async lockTask(taskId: string, access: { sql: string; params: unknown[] }): Promise<Record<string, unknown> | undefined> {
    if (!isUuid(taskId) || this.instances.size) return undefined;
    const locked = await lockRootOfTask(this.tx, taskId, this.tenant.id, access);
    if (!locked) return undefined;
    noteLogInstance(locked.instance.id);
    await this.loadLocked(locked.instance);
    return locked.task;
  }

  private async loadLocked(row: LockedInstanceRow): Promise<LoadedInstance> {
    if (row.state !== 'active' || !row.engine_state) throw new ConflictException(msg('instance.endedState', { id: row.id, state: row.state }));
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
      subject: row.subject_id ? { id: row.subject_id, fullName: row.subject_name, orgId: row.subject_org_id, orgName: row.subject_org_name } : null,
    };
    this.instances.set(row.id, loaded);
    return loaded;
  }

  /** Starts an instance of `definition`; returns its id. */
  async start(definition: LoadedDefinition, cmd: Omit<StartInstanceCommand, 'type'>, meta: StartMeta): Promise<string> {
    const id = cmd.instanceId ?? randomUUID();
    this.queue.push({ kind: 'start', definition, cmd: { ...cmd, type: 'startInstance', instanceId: id }, meta });
    await timedCommand('startInstance', () => this.drain());
    return id;
  }

  /** Runs a command on an instance, and everything it leads to. */
  async execute(instanceId: string, cmd: InstanceCommand): Promise<void> {
    this.queue.push({ kind: 'execute', instanceId, cmd });
    await timedCommand(cmd.type, () => this.drain());
  }

  /** The state of an instance after the work so far (for answers). */
  loaded(instanceId: string): LoadedInstance | undefined {
    return this.instances.get(instanceId);
  }

  private async drain(): Promise<void> {
    for (let w = this.queue.shift(); w; w = this.queue.shift()) {
      noteLogInstance(w.kind === 'start' ? w.cmd.instanceId! : w.instanceId);
      if (w.kind === 'start') await this.runStart(w.definition, w.cmd, w.meta);
      else await this.runExecute(w.instanceId, w.cmd, w.quiet, w.delivered);
    }
  }

  private async runStart(definition: LoadedDefinition, cmd: StartInstanceCommand, meta: StartMeta): Promise<void> {
    const subject = meta.subject !== undefined ? meta.subject : await subjectFor(this, meta.subjectId ?? meta.startedBy, meta.orgId);
    // The instance belongs to its subject's organisation unless told otherwise. One started by a
    // timer, message or signal without a subject belongs to the tenant's root organisation (a
    // regional process): its supervisors see it, its roles resolve from there.
    if (!meta.orgId) meta = { ...meta, orgId: subject?.orgId ?? (meta.parentInstanceId ? null : this.tenant.rootOrgId) };
    // FEEL sees `subject` (who the route is about); the caller cannot forge it.
    if (subject) cmd = { ...cmd, variables: { ...(cmd.variables ?? {}), subject: subject.variable } };
    // What the variant declares the process starts with (its organisations of a level, the previous instance's carry-over).
    const declared = await startContextVariables(this.tx, this.tenant, definition.key, meta.orgId);
    if (declared) cmd = { ...cmd, variables: { ...(cmd.variables ?? {}), ...declared } };
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
      subject: subject ? { id: subject.id, fullName: subject.fullName, orgId: subject.orgId, orgName: subject.orgName } : null,
    };
    this.instances.set(inst.id, inst);
    this.writes.insert('process_instance', {
      id: inst.id, tenant_id: this.tenant.id, definition_id: definition.id, process_key: definition.key, business_key: cmd.businessKey ?? null,
      org_id: meta.orgId, state: 'active', engine_state: result.state, variables: {}, active_element_ids: [], root_instance_id: rootInstanceId,
      parent_instance_id: meta.parentInstanceId ?? null, parent_execution_id: meta.parentExecutionId ?? null, started_by: meta.startedBy,
      started_at: this.now, ended_at: null, subject_id: subject?.id ?? null, subject_org_id: subject?.orgId ?? null,
    });
    await this.apply(inst, result.effects);
  }

  private async runExecute(instanceId: string, cmd: InstanceCommand, quiet?: boolean, delivered?: { n: number }): Promise<void> {
    if (delivered) {
      // A message or signal for a subscription read before its instance was locked: a concurrent command
      // (the same message published twice at once, a boundary that fired) may have consumed it or ended
      // the instance meanwhile. It is then simply not delivered there (no 409); `delivered` counts the rest.
      const open = await this.lock(instanceId).then(
        (i) => !i.ended && cmd.type === 'triggerSubscription' && !!i.state.subscriptions[cmd.subscriptionId],
        (e: unknown) => {
          if (e instanceof ConflictException) return false;
          throw e;
        },
      );
      if (!open) return;
      delivered.n++;
    }
    const inst = await this.lock(instanceId);
    if (inst.ended) {
      if (quiet) return;
      throw new ConflictException(msg('instance.ended', { id: instanceId }));
    }
    if (quiet && cmd.type === 'cancelInstance') this.quietEnds.add(instanceId);
    let result;
    try {
      result = this.engine.execute(inst.definition.model, inst.state, cmd, this.ctx());
    } catch (e) {
      if (e instanceof ReservedVariableError) throw reservedVariablesRefused(e.names);
      // Follow-up work for an element that has moved on meanwhile (quiet) is dropped.
      if (e instanceof EngineCommandError && quiet) return;
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
        case 'userTaskCompleted':
        case 'userTaskCancelled':
        case 'jobCreated':
        case 'jobRetryScheduled':
        case 'jobRemoved':
        case 'subscriptionOpened':
        case 'subscriptionClosed':
        case 'incidentRaised':
        case 'incidentResolved':
          await writeEffectRows(this, inst, e);
          break;
        case 'userTaskCreated':
          await createTaskRows(this, inst, e);
          break;
        case 'callActivityStartRequested': {
          const def = await this.definitions.latest(this.tx, this.tenant.id, e.processKey);
          // The called instance is about the parent's subject, or about its own (`subjectId` of the
          // input mapping, e.g. one teacher per multi-instance item) at its own organisation (`orgId`).
          const own = await itemSubject(this, inst, e.elementId, e.variables);
          this.queue.push({
            kind: 'start',
            definition: def,
            cmd: { type: 'startInstance', instanceId: randomUUID(), variables: e.variables, businessKey: e.businessKey ?? inst.state.businessKey,
              initiator: inst.state.initiator, parent: { instanceId: inst.id, executionId: e.executionId } },
            meta: {
              orgId: own.orgId ?? own.subject?.orgId ?? inst.orgId, startedBy: inst.startedBy,
              subject: own.subject !== undefined ? own.subject : inheritedSubject(inst),
              parentInstanceId: inst.id, parentExecutionId: e.executionId,
            },
          });
          break;
        }
        case 'childInstanceCancelRequested': {
          await this.writes.flush(this.tx); // children started in this command must be visible
          for (const c of await activeChildren(this.tx, inst.id, e.executionId)) this.queue.push({ kind: 'execute', instanceId: c.id, cmd: { type: 'cancelInstance' }, quiet: true });
          break;
        }
        case 'instanceEnded':
          await this.endInstance(inst, e);
          break;
        case 'escalationPropagated':
          this.queue.push({
            kind: 'execute', instanceId: e.parent.instanceId, quiet: true,
            cmd: { type: 'childEscalated', executionId: e.parent.executionId, code: e.code },
          });
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
          await this.emit({
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
    await this.emit({ type: 'instanceEnded', tenantId: this.tenant.id, instanceId: inst.id, processKey: inst.definition.key, outcome: e.outcome, at: this.now });
    // Runtime rows leave with the instance; the history keeps everything.
    this.writes.endInstance(inst.id);
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
  async publishMessage(name: string, correlationKey: string | undefined, variables: JsonObject, orgId: string | null = null): Promise<number> {
    // refused before anything is delivered or started (deliveries are quiet about the rest)
    const reserved = reservedVariablesIn(variables);
    if (reserved.length) throw reservedVariablesRefused(reserved);
    await this.writes.flush(this.tx); // subscriptions opened in this command must be visible
    const subs = await messageSubscriptions(this.tx, this.tenant.id, name, correlationKey ?? null);
    const toInstances = subs.filter((s) => s.kind === 'message');
    const delivered = { n: 0 };
    for (const s of toInstances) {
      this.queue.push({ kind: 'execute', instanceId: s.instance_id!, cmd: { type: 'triggerSubscription', subscriptionId: s.id, variables }, delivered });
    }
    if (toInstances.length) {
      await this.drain();
      if (delivered.n) return delivered.n;
    }
    const starts = subs.filter((s) => s.kind === 'message-start');
    for (const s of starts) {
      const def = await this.definitions.get(this.tx, s.definition_id);
      this.queue.push({
        kind: 'start',
        definition: def,
        cmd: { type: 'startInstance', instanceId: randomUUID(), startEventId: s.element_id, variables, businessKey: correlationKey },
        meta: { orgId, startedBy: this.userId },
      });
    }
    await this.drain();
    return starts.length;
  }

  /** Delivers a signal to every signal subscription and signal start of the tenant. */
  async broadcastSignal(name: string, variables: JsonObject): Promise<number> {
    const reserved = reservedVariablesIn(variables);
    if (reserved.length) throw reservedVariablesRefused(reserved);
    await this.writes.flush(this.tx);
    const subs = await signalSubscriptions(this.tx, this.tenant.id, name);
    const delivered = { n: 0 };
    let starts = 0;
    for (const s of subs) {
      if (s.kind === 'signal') {
        this.queue.push({ kind: 'execute', instanceId: s.instance_id!, cmd: { type: 'triggerSubscription', subscriptionId: s.id, variables }, quiet: true, delivered });
      } else {
        starts++;
        const def = await this.definitions.get(this.tx, s.definition_id);
        this.queue.push({
          kind: 'start', definition: def,
          cmd: { type: 'startInstance', instanceId: randomUUID(), startEventId: s.element_id, variables },
          meta: { orgId: null, startedBy: this.userId },
        });
      }
    }
    await this.drain();
    return delivered.n + starts;
  }

  /** A history row the engine did not emit (what this layer decided or could not do). */
  pushRaw(instanceId: string, type: string, elementId: string | null, data: JsonObject): void {
    this.writes.historyRow({
      tenant_id: this.tenant.id, instance_id: instanceId, at: this.now.toISOString(), type, element_id: elementId, element_type: null,
      element_name: null, execution_id: null, user_id: this.userId, data,
    });
  }

  /** Writes the instances' new states, the runtime rows and the history (one statement); call once, before commit. */
  async flush(): Promise<void> {
    for (const inst of this.instances.values()) {
      if (!inst.dirty) continue;
      const root = inst.state.elements[inst.id];
      const active = Object.values(inst.state.elements).filter((x) => x.id !== inst.id).map((x) => x.elementId);
      this.writes.saveInstance(inst.id, inst.ended
        ? { engine_state: null, variables: inst.ended.variables, active_element_ids: [], state: inst.ended.outcome === 'completed' ? 'completed' : 'terminated', ended_at: inst.ended.at }
        : { engine_state: inst.state, variables: root?.variables ?? {}, active_element_ids: [...new Set(active)], state: 'active', ended_at: null });
      inst.dirty = false;
    }
    await this.writes.flush(this.tx);
  }
}

/** 400 naming the reserved variables a caller tried to write (nothing is written). */
function reservedVariablesRefused(names: string[]): BadRequestException {
  return new BadRequestException({ message: msg('variables.reserved', { names: names.map((n) => `«${n}»`).join(', ') }), variables: names });
}
