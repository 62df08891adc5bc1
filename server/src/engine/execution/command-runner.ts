import type { ActionRegistry } from '../actions/action.types.js';
import type { CompleteOptions, ExecutionApi } from '../behaviour.types.js';
import { BEHAVIOURS } from '../behaviours.registry.js';
import { evaluateFeel, FeelError, feelBody } from '../feel/feel-evaluator.js';
import type { ActionModel, ElementKind, ElementModel, MessageRef, ProcessModel, TimerDefinition } from '../model/process-model.types.js';
import { nextTimerFiring } from '../timers/timer-spec.js';
import type { TimerSpec } from '../timers/timer-spec.js';
import type { CommandContext } from './command-context.types.js';
import type { Effect, HistoryEntry } from './effects.types.js';
import type { Json, JsonObject } from './json.types.js';
import type { ElementInstance, Incident, InstanceState, Job } from './state.types.js';
import { EngineCommandError, StepFailure } from './step-failure.js';

const ROOT_KIND = 'process';
const BODY_KIND = 'multiInstanceBody';

/**
 * Runs one command against a (copied) instance state, collecting effects. Implements the
 * {@link ExecutionApi} the element behaviours use; holds the generic lifecycle: activation with
 * input mappings and boundary subscriptions, completion with output mappings and variable
 * propagation, multi-instance, termination, error/escalation catching, incidents and scope completion.
 */
export class CommandRunner implements ExecutionApi {
  readonly effects: Effect[] = [];
  private readonly at: string;
  /**
   * Flows an element completing with several outgoing flows has not taken yet, per scope instance:
   * tokens on their way. The branches run depth-first, so while the first one runs the others are
   * only here; scope completion and inclusive joins count them as live tokens.
   */
  private readonly pending = new Map<string, string[]>();

  constructor(
    readonly model: ProcessModel,
    readonly state: InstanceState,
    readonly ctx: CommandContext,
    private readonly idGenerator: () => string,
    private readonly actions: ActionRegistry,
  ) {
    this.at = ctx.now.toISOString();
  }

  // ---- basics -------------------------------------------------------------------------------

  newId(): string {
    return this.idGenerator();
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  history(entry: HistoryEntry): void {
    this.effects.push({ type: 'history', instanceId: this.state.instanceId, at: this.at, userId: this.ctx.userId, entry });
  }

  element(id: string): ElementModel {
    const element = this.model.elements[id];
    if (!element) throw new EngineCommandError(`element '${id}' is not in process '${this.model.key}'`);
    return element;
  }

  get root(): ElementInstance {
    return this.state.elements[this.state.instanceId];
  }

  parentOf(ei: ElementInstance): ElementInstance {
    return this.state.elements[ei.parentId!];
  }

  children(scopeId: string): ElementInstance[] {
    const result: ElementInstance[] = [];
    for (const ei of Object.values(this.state.elements)) if (ei.parentId === scopeId) result.push(ei);
    return result;
  }

  private elementType(ei: ElementInstance): string {
    return ei.kind;
  }

  // ---- variables ----------------------------------------------------------------------------

  visibleVariables(ei: ElementInstance): JsonObject {
    const chain: ElementInstance[] = [];
    for (let cur: ElementInstance | undefined = ei; cur; cur = cur.parentId ? this.state.elements[cur.parentId] : undefined) {
      chain.push(cur);
    }
    const result: JsonObject = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(result, chain[i].variables);
    return result;
  }

  feel(expression: string, ei: ElementInstance, extra?: JsonObject): Json {
    const variables = extra ? { ...this.visibleVariables(ei), ...extra } : this.visibleVariables(ei);
    try {
      return evaluateFeel(expression, variables, this.ctx);
    } catch (error) {
      if (error instanceof FeelError) throw new StepFailure(error.message);
      throw error;
    }
  }

  value(text: string, ei: ElementInstance): Json {
    const body = feelBody(text);
    return body === undefined ? text : this.feel(body, ei);
  }

  /**
   * Sets variables from `from` upwards (Zeebe propagation): each variable is updated in the nearest
   * scope (starting at `from`) that already has it, else created at the instance root.
   */
  propagate(from: ElementInstance, variables: JsonObject): void {
    const changed = new Map<string, JsonObject>();
    for (const [name, value] of Object.entries(variables)) {
      let target = this.root;
      for (let cur: ElementInstance | undefined = from; cur; cur = cur.parentId ? this.state.elements[cur.parentId] : undefined) {
        if (Object.hasOwn(cur.variables, name)) {
          target = cur;
          break;
        }
      }
      target.variables[name] = value;
      const bucket = changed.get(target.id) ?? {};
      bucket[name] = value;
      changed.set(target.id, bucket);
    }
    for (const [executionId, vars] of changed) this.history({ kind: 'variablesChanged', executionId, variables: vars });
  }

  setLocal(ei: ElementInstance, variables: JsonObject): void {
    if (Object.keys(variables).length === 0) return;
    Object.assign(ei.variables, variables);
    this.history({ kind: 'variablesChanged', executionId: ei.id, variables });
  }

  // ---- activation ---------------------------------------------------------------------------

  takeFlow(scope: ElementInstance, flowId: string, triggeredWith?: JsonObject): void {
    const flow = this.model.flows[flowId];
    const target = this.element(flow.targetId);
    const behaviour = BEHAVIOURS[target.kind];
    if (behaviour.arrive && !triggeredWith) behaviour.arrive(this, target, scope, flowId);
    else this.activate(scope, target, { triggeredWith });
  }

  activate(scope: ElementInstance, element: ElementModel, options: { triggeredWith?: JsonObject } = {}): void {
    if (element.loop) {
      const body = this.createInstance(scope, element, BODY_KIND);
      this.runBodyActivation(body);
      return;
    }
    const ei = this.createInstance(scope, element, element.kind);
    if (options.triggeredWith) ei.triggeredWith = options.triggeredWith;
    this.runActivation(ei);
  }

  private createInstance(scope: ElementInstance, element: ElementModel, kind: string, variables: JsonObject = {}): ElementInstance {
    const ei: ElementInstance = { id: this.newId(), elementId: element.id, kind, parentId: scope.id, status: 'active', variables };
    this.state.elements[ei.id] = ei;
    this.history({ kind: 'elementActivated', elementId: element.id, elementType: kind, name: element.name, executionId: ei.id });
    return ei;
  }

  /** Input mappings, boundary subscriptions (not for multi-instance items), then the behaviour. Re-run on retry. */
  private runActivation(ei: ElementInstance): void {
    const element = this.element(ei.elementId);
    try {
      if (element.inputs) {
        const values: JsonObject = {};
        for (const m of element.inputs) values[m.target] = this.value(m.source, ei);
        this.setLocal(ei, values);
      }
      if (ei.itemIndex === undefined) this.openBoundaries(ei, element);
      (BEHAVIOURS[element.kind as ElementKind].activate as (a: ExecutionApi, e: ElementModel, i: ElementInstance) => void)(this, element, ei);
    } catch (error) {
      this.fail(ei, 'activate', error);
    }
  }

  private fail(ei: ElementInstance, step: Incident['step'], error: unknown, extra: Partial<Incident> = {}): void {
    if (!(error instanceof StepFailure)) throw error;
    if (!this.state.elements[ei.id]) return; // it was terminated by what failed (e.g. an interrupting catch)
    if (step === 'activate') {
      // undo half-opened waits (an event-based gateway's first subscriptions); the retry opens them again.
      // Boundary events stay armed while the incident is open.
      const boundaryIds = this.model.elements[ei.elementId]?.boundaryIds ?? [];
      this.closeOwned(ei, (elementId) => !boundaryIds.includes(elementId));
    }
    this.raiseIncident(ei, step, error.message, extra);
  }

  raiseIncident(ei: ElementInstance, step: Incident['step'], message: string, extra: Partial<Incident> = {}): void {
    const incident: Incident = { id: this.newId(), elementInstanceId: ei.id, elementId: ei.elementId, message, step, ...extra };
    this.state.incidents[incident.id] = incident;
    ei.status = 'incident';
    this.emit({
      type: 'incidentRaised',
      instanceId: this.state.instanceId,
      incidentId: incident.id,
      executionId: ei.id,
      elementId: ei.elementId,
      message,
      jobId: incident.jobId,
    });
    this.history({ kind: 'incidentRaised', incidentId: incident.id, elementId: ei.elementId, executionId: ei.id, message });
  }

  private openBoundaries(ei: ElementInstance, element: ElementModel): void {
    if (!element.boundaryIds) return;
    for (const boundaryId of element.boundaryIds) {
      // once per host instance: a retried activation must not open a boundary twice
      const armed =
        Object.values(this.state.subscriptions).some((s) => s.ownerId === ei.id && s.elementId === boundaryId) ||
        Object.values(this.state.jobs).some((j) => j.ownerId === ei.id && j.elementId === boundaryId);
      if (armed) continue;
      const boundary = this.element(boundaryId);
      const event = boundary.event;
      const interrupting = boundary.interrupting !== false;
      if (event?.type === 'message') this.openMessage(ei, boundary, event.message, interrupting);
      else if (event?.type === 'timer') this.scheduleTimer(ei, boundary, event.timer, interrupting);
      else if (event?.type === 'signal') this.openSignal(ei, boundary, event.signalName, interrupting);
    }
  }

  openEventSubProcesses(scope: ElementInstance, eventSubProcessIds: string[]): void {
    for (const id of eventSubProcessIds) {
      const start = this.element(this.element(id).startEventId!);
      const event = start.event;
      const interrupting = start.interrupting !== false;
      if (event?.type === 'message') this.openMessage(scope, start, event.message, interrupting);
      else if (event?.type === 'timer') this.scheduleTimer(scope, start, event.timer, interrupting);
      else if (event?.type === 'signal') this.openSignal(scope, start, event.signalName, interrupting);
    }
  }

  /**
   * Starts the root scope: opens the process-level event sub-process subscriptions, then activates
   * the start event. A failure (e.g. a correlation key over a missing variable) is an incident on the
   * root; its retry runs this again.
   */
  startRoot(startEventId: string): void {
    const root = this.root;
    try {
      this.openEventSubProcesses(root, this.model.eventSubProcessIds);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      this.closeOwned(root);
      this.raiseIncident(root, 'activate', error.message, { startEventId });
      return;
    }
    this.activate(root, this.element(startEventId), { triggeredWith: {} });
    if (this.state.elements[root.id]) this.checkScope(root);
  }

  // ---- subscriptions and timers -------------------------------------------------------------

  openMessage(owner: ElementInstance, catchElement: ElementModel, message: MessageRef, interrupting: boolean): void {
    const name = String(this.value(message.name, owner));
    let correlationKey: string | undefined;
    if (message.correlationKey !== undefined) {
      const key = this.value(message.correlationKey.startsWith('=') ? message.correlationKey : `=${message.correlationKey}`, owner);
      if (key === null) throw new StepFailure(`correlation key of '${catchElement.id}' is null`);
      correlationKey = String(key);
    }
    const id = this.newId();
    this.state.subscriptions[id] = { id, kind: 'message', name, correlationKey, ownerId: owner.id, elementId: catchElement.id, interrupting };
    this.emit({
      type: 'subscriptionOpened',
      instanceId: this.state.instanceId,
      subscriptionId: id,
      kind: 'message',
      name,
      correlationKey,
      executionId: owner.id,
      elementId: catchElement.id,
      interrupting,
    });
  }

  openSignal(owner: ElementInstance, catchElement: ElementModel, name: string, interrupting: boolean): void {
    const id = this.newId();
    this.state.subscriptions[id] = { id, kind: 'signal', name, ownerId: owner.id, elementId: catchElement.id, interrupting };
    this.emit({
      type: 'subscriptionOpened',
      instanceId: this.state.instanceId,
      subscriptionId: id,
      kind: 'signal',
      name,
      executionId: owner.id,
      elementId: catchElement.id,
      interrupting,
    });
  }

  /** Evaluates a timer definition (FEEL results may be dates, durations or strings) into a static spec. */
  evaluateTimer(timer: TimerDefinition, ei: ElementInstance): TimerSpec {
    const value = this.value(timer.value, ei);
    if (typeof value !== 'string') throw new StepFailure(`timer value ${JSON.stringify(value)} is not a date, duration or cycle`);
    return { type: timer.type, value };
  }

  scheduleTimer(owner: ElementInstance, catchElement: ElementModel, timer: TimerDefinition, interrupting: boolean): void {
    const spec = this.evaluateTimer(timer, owner);
    let dueAt: Date | null;
    try {
      dueAt = nextTimerFiring(spec, this.ctx.now, this.ctx.timeZone, this.ctx.calendar, 0);
    } catch (error) {
      throw new StepFailure(`timer of '${catchElement.id}': ${(error as Error).message}`);
    }
    if (!dueAt) throw new StepFailure(`timer of '${catchElement.id}' never fires`);
    this.createTimerJob(owner, catchElement.id, { ...spec, fired: 0 }, dueAt, interrupting);
  }

  private createTimerJob(owner: ElementInstance, elementId: string, timer: Job['timer'], dueAt: Date, interrupting: boolean): void {
    const job: Job = { id: this.newId(), kind: 'timer', ownerId: owner.id, elementId, dueAt: dueAt.toISOString(), timer, interrupting };
    this.state.jobs[job.id] = job;
    this.emit({
      type: 'jobCreated',
      instanceId: this.state.instanceId,
      jobId: job.id,
      kind: 'timer',
      executionId: owner.id,
      elementId,
      dueAt: job.dueAt,
    });
  }

  /** Closes the subscriptions and jobs owned by an instance (optionally only some catch elements). */
  closeOwned(owner: ElementInstance, filter: (elementId: string) => boolean = () => true): void {
    for (const s of Object.values(this.state.subscriptions)) {
      if (s.ownerId !== owner.id || !filter(s.elementId)) continue;
      delete this.state.subscriptions[s.id];
      this.emit({ type: 'subscriptionClosed', instanceId: this.state.instanceId, subscriptionId: s.id });
    }
    for (const j of Object.values(this.state.jobs)) {
      if (j.ownerId !== owner.id || !filter(j.elementId)) continue;
      delete this.state.jobs[j.id];
      this.emit({ type: 'jobRemoved', instanceId: this.state.instanceId, jobId: j.id });
    }
  }

  // ---- actions ------------------------------------------------------------------------------

  runAction(ei: ElementInstance, action: ActionModel): void {
    const handler = this.actions[action.type];
    if (!handler) throw new StepFailure(`no action registered for type '${action.type}'`);
    const headers: JsonObject = {};
    for (const [key, text] of Object.entries(action.headers)) headers[key] = this.value(text, ei);
    if (handler.mode === 'async') {
      const job: Job = { id: this.newId(), kind: 'action', ownerId: ei.id, elementId: ei.elementId, actionType: action.type, retries: action.retries };
      this.state.jobs[job.id] = job;
      ei.jobId = job.id;
      this.emit({
        type: 'jobCreated',
        instanceId: this.state.instanceId,
        jobId: job.id,
        kind: 'action',
        executionId: ei.id,
        elementId: ei.elementId,
        actionType: action.type,
        input: { ...headers, ...ei.variables },
        retries: action.retries,
      });
      return;
    }
    let result;
    try {
      result = handler.run({
        instanceId: this.state.instanceId,
        executionId: ei.id,
        elementId: ei.elementId,
        headers,
        variables: this.visibleVariables(ei),
        localVariables: { ...ei.variables },
        ctx: this.ctx,
      });
    } catch (error) {
      throw new StepFailure(`action '${action.type}' failed: ${(error as Error).message}`);
    }
    for (const effect of result.effects ?? []) this.emit(effect);
    this.complete(ei, { variables: result.variables });
  }

  // ---- completion ---------------------------------------------------------------------------

  complete(ei: ElementInstance, options: CompleteOptions = {}): void {
    const element = this.element(ei.elementId);
    const isBody = ei.kind === BODY_KIND;
    const isItem = ei.itemIndex !== undefined;
    try {
      const variables = options.variables;
      const hasVariables = variables !== undefined && Object.keys(variables).length > 0;
      if (isBody) {
        const out = element.loop?.outputCollection;
        if (out) this.propagate(this.parentOf(ei), { [out]: ei.variables[out] });
      } else {
        // with output mappings the result lands locally first; mappings then decide what leaves
        if (hasVariables) {
          if (element.outputs) this.setLocal(ei, variables);
          else this.propagate(ei, variables);
        }
        if (element.outputs) {
          const values: JsonObject = {};
          for (const m of element.outputs) values[m.target] = this.value(m.source, ei);
          this.propagate(this.parentOf(ei), values);
        }
        if (isItem && element.loop?.outputCollection && element.loop.outputElement) {
          const body = this.parentOf(ei);
          const item = this.feel(element.loop.outputElement, ei);
          const collection = body.variables[element.loop.outputCollection] as Json[];
          collection[ei.itemIndex!] = item;
        }
      }
    } catch (error) {
      this.fail(ei, 'complete', error, { variables: options.variables });
      return;
    }
    this.closeOwned(ei);
    this.history({ kind: 'elementCompleted', elementId: element.id, elementType: this.elementType(ei), name: element.name, executionId: ei.id });
    delete this.state.elements[ei.id];
    const scope = this.parentOf(ei);
    if (isItem) {
      this.itemEnded(scope, ei);
      return;
    }
    this.takeFlows(scope, options.flows ?? element.outgoing, options.triggeredWith);
    this.checkScope(scope);
  }

  /**
   * Takes outgoing flows in order. The flows not taken yet stay pending in the scope; a flow dropped
   * meanwhile (the scope's tokens were cleared: terminate end event, interrupting event sub-process,
   * the scope terminated) is not taken.
   */
  private takeFlows(scope: ElementInstance, flows: readonly string[], triggeredWith?: JsonObject): void {
    if (flows.length <= 1) {
      if (flows.length === 1) this.takeFlow(scope, flows[0], triggeredWith);
      return;
    }
    const mine = this.pending.get(scope.id) ?? [];
    mine.push(...flows);
    this.pending.set(scope.id, mine);
    for (const flowId of flows) {
      const queue = this.pending.get(scope.id);
      const at = queue ? queue.indexOf(flowId) : -1;
      if (at < 0) continue;
      queue!.splice(at, 1);
      if (queue!.length === 0) this.pending.delete(scope.id);
      if (!this.state.elements[scope.id]) continue;
      this.takeFlow(scope, flowId, triggeredWith);
    }
  }

  pendingFlows(scopeId: string): readonly string[] {
    return this.pending.get(scopeId) ?? [];
  }

  /** After a child ended: re-check inclusive joins; complete the scope when nothing is left in it. */
  checkScope(scope: ElementInstance): void {
    if (!this.state.elements[scope.id] || scope.kind === BODY_KIND) return;
    // tokens still on their way in this scope: the element taking them checks again when done
    if (this.pending.has(scope.id)) return;
    const prefix = `${scope.id}/`;
    for (const key of Object.keys(this.state.joins)) {
      if (!key.startsWith(prefix)) continue;
      const gateway = this.model.elements[key.slice(prefix.length)];
      const behaviour = gateway ? BEHAVIOURS[gateway.kind] : undefined;
      if (behaviour?.recheckJoin) behaviour.recheckJoin(this, gateway, scope);
    }
    if (!this.state.elements[scope.id]) return;
    if (this.children(scope.id).length > 0) return;
    for (const key of Object.keys(this.state.joins)) {
      if (key.startsWith(prefix) && Object.values(this.state.joins[key]).some((n) => n > 0)) return;
    }
    this.clearJoins(scope.id);
    if (scope.kind === ROOT_KIND) {
      this.endInstance('completed');
      return;
    }
    if (scope.status === 'incident') return;
    const element = this.element(scope.elementId);
    const behaviour = BEHAVIOURS[element.kind];
    if (behaviour.scopeDone) behaviour.scopeDone(this, element, scope);
  }

  clearJoins(scopeId: string): void {
    this.pending.delete(scopeId);
    const prefix = `${scopeId}/`;
    for (const key of Object.keys(this.state.joins)) if (key.startsWith(prefix)) delete this.state.joins[key];
  }

  joinArrivals(scope: ElementInstance, gatewayId: string): Record<string, number> {
    const key = `${scope.id}/${gatewayId}`;
    return (this.state.joins[key] ??= {});
  }

  // ---- multi-instance -----------------------------------------------------------------------

  /** Evaluates the input collection and starts the items (all, or the first when sequential). Re-run on retry. */
  runBodyActivation(body: ElementInstance): void {
    const element = this.element(body.elementId);
    const loop = element.loop!;
    let items: Json;
    try {
      items = this.feel(loop.inputCollection, body);
      if (!Array.isArray(items)) throw new StepFailure(`inputCollection of '${element.id}' is ${JSON.stringify(items)}, not a list`);
      this.openBoundaries(body, element);
    } catch (error) {
      this.fail(body, 'activate', error);
      return;
    }
    body.body = { total: items.length, next: 0, completed: 0, collection: items };
    if (loop.outputCollection) body.variables[loop.outputCollection] = items.map(() => null);
    if (items.length === 0) {
      this.complete(body);
      return;
    }
    if (loop.sequential) {
      this.startItem(body, element);
    } else {
      for (let i = 0; i < items.length && this.state.elements[body.id]; i++) this.startItem(body, element);
    }
  }

  private startItem(body: ElementInstance, element: ElementModel): void {
    const index = body.body!.next++;
    const locals: JsonObject = { loopCounter: index + 1 };
    if (element.loop!.inputElement) locals[element.loop!.inputElement] = body.body!.collection[index];
    const item = this.createInstance(body, element, element.kind, locals);
    item.itemIndex = index;
    this.runActivation(item);
  }

  private itemEnded(body: ElementInstance, item: ElementInstance): void {
    if (!this.state.elements[body.id]) return;
    body.body!.completed++;
    this.checkBody(body, item.itemIndex! + 1, item.variables);
  }

  /**
   * Completion condition, next sequential item, or body completion. The condition sees the local
   * variables of the item that just ended (its `inputElement`, input/output-mapped locals), as in Zeebe,
   * where it is evaluated in the scope of the completed inner instance.
   */
  checkBody(body: ElementInstance, loopCounter: number, itemVariables: JsonObject = {}): void {
    const element = this.element(body.elementId);
    const loop = element.loop!;
    const state = body.body!;
    const active = this.children(body.id);
    if (loop.completionCondition) {
      let done: Json;
      try {
        done = this.feel(loop.completionCondition, body, {
          ...itemVariables,
          numberOfInstances: state.total,
          numberOfActiveInstances: active.length,
          numberOfCompletedInstances: state.completed,
          loopCounter,
        });
        if (typeof done !== 'boolean') throw new StepFailure(`completionCondition of '${element.id}' is not a boolean`);
      } catch (error) {
        this.fail(body, 'complete', error, { variables: itemVariables });
        return;
      }
      if (done) {
        for (const child of active) this.terminate(child);
        this.complete(body);
        return;
      }
    }
    if (loop.sequential && state.next < state.total) {
      this.startItem(body, element);
      return;
    }
    if (active.length === 0 && state.next >= state.total) this.complete(body);
  }

  // ---- termination --------------------------------------------------------------------------

  terminate(ei: ElementInstance): void {
    for (const child of this.children(ei.id)) this.terminate(child);
    this.closeOwned(ei);
    if (ei.userTaskId) this.emit({ type: 'userTaskCancelled', instanceId: this.state.instanceId, taskId: ei.userTaskId });
    if (ei.kind === 'callActivity') this.emit({ type: 'childInstanceCancelRequested', instanceId: this.state.instanceId, executionId: ei.id });
    for (const incident of Object.values(this.state.incidents)) {
      if (incident.elementInstanceId === ei.id) this.resolveIncident(incident);
    }
    this.clearJoins(ei.id);
    const element = this.model.elements[ei.elementId];
    this.history({ kind: 'elementTerminated', elementId: ei.elementId, elementType: ei.kind, name: element?.name, executionId: ei.id });
    delete this.state.elements[ei.id];
  }

  resolveIncident(incident: Incident): void {
    delete this.state.incidents[incident.id];
    this.emit({ type: 'incidentResolved', instanceId: this.state.instanceId, incidentId: incident.id });
    this.history({ kind: 'incidentResolved', incidentId: incident.id, elementId: incident.elementId, executionId: incident.elementInstanceId });
  }

  /** Ends the instance: terminates what is left, closes the root's subscriptions, emits `instanceEnded`. */
  endInstance(outcome: 'completed' | 'terminated' | 'error', error?: { code?: string; message?: string }): void {
    const root = this.root;
    for (const child of this.children(root.id)) this.terminate(child);
    this.closeOwned(root);
    for (const incident of Object.values(this.state.incidents)) this.resolveIncident(incident);
    this.state.status = outcome === 'completed' ? 'completed' : 'terminated';
    if (outcome === 'completed') {
      this.history({ kind: 'elementCompleted', elementId: root.elementId, elementType: ROOT_KIND, executionId: root.id });
    } else {
      this.history({ kind: 'elementTerminated', elementId: root.elementId, elementType: ROOT_KIND, executionId: root.id });
    }
    this.history({ kind: 'instanceEnded', outcome });
    this.emit({
      type: 'instanceEnded',
      instanceId: this.state.instanceId,
      outcome,
      variables: { ...root.variables },
      errorCode: error?.code,
      errorMessage: error?.message,
      parent: this.state.parent,
    });
    this.state.joins = {};
    this.pending.clear();
    delete this.state.elements[root.id];
  }

  // ---- catching -----------------------------------------------------------------------------

  /**
   * A subscription or timer owned by `owner` fired for `catchElement`. Dispatches by who waits:
   * a boundary event, an event sub-process start, an event-based gateway, or the waiting element itself.
   */
  caught(owner: ElementInstance, catchElement: ElementModel, variables: JsonObject): void {
    if (catchElement.kind === 'boundaryEvent') {
      this.boundaryTriggered(owner, catchElement, variables);
    } else if (catchElement.kind === 'startEvent') {
      this.eventSubProcessTriggered(owner, catchElement, variables);
    } else if (owner.kind === 'eventBasedGateway') {
      this.closeOwned(owner);
      const flowId = this.element(owner.elementId).outgoing.find((f) => this.model.flows[f].targetId === catchElement.id)!;
      this.complete(owner, { flows: [flowId], triggeredWith: variables });
    } else {
      const element = this.element(owner.elementId);
      const behaviour = BEHAVIOURS[element.kind];
      if (!behaviour.trigger) throw new EngineCommandError(`'${element.id}' does not wait for a trigger`);
      if (owner.status === 'incident') throw new EngineCommandError(`'${element.id}' has an open incident`);
      this.closeOwned(owner);
      behaviour.trigger(this, element, owner, variables);
    }
  }

  boundaryTriggered(host: ElementInstance, boundary: ElementModel, variables: JsonObject): void {
    const scope = this.parentOf(host);
    if (boundary.interrupting !== false) this.terminate(host);
    this.activate(scope, boundary, { triggeredWith: variables });
  }

  eventSubProcessTriggered(scope: ElementInstance, start: ElementModel, variables: JsonObject): void {
    if (scope.interrupted) return;
    const eventSubProcess = this.element(start.scopeId);
    if (start.interrupting !== false) {
      // an interrupting event sub-process ends every other token of the scope and its other event sub-process triggers
      scope.interrupted = true;
      this.closeOwned(scope, (id) => this.model.elements[id]?.kind === 'startEvent');
      for (const child of this.children(scope.id)) this.terminate(child);
      this.clearJoins(scope.id);
    }
    this.activate(scope, eventSubProcess, { triggeredWith: variables });
    this.checkScope(scope);
  }

  private eventSubProcessIdsOf(scope: ElementInstance): string[] {
    if (scope.kind === ROOT_KIND) return this.model.eventSubProcessIds;
    if (scope.kind === 'subProcess' || scope.kind === 'eventSubProcess') return this.element(scope.elementId).eventSubProcessIds ?? [];
    return [];
  }

  /**
   * Finds the nearest catcher of an error or escalation: walking up from `from`, at each scope its
   * event sub-processes (not the one we came from), then the boundary events of the activity.
   */
  private findCatcher(
    from: ElementInstance,
    type: 'error' | 'escalation',
    code: string | undefined,
  ): { kind: 'boundary'; host: ElementInstance; element: ElementModel } | { kind: 'eventSubProcess'; scope: ElementInstance; start: ElementModel } | null {
    // an exact code match wins over a catch-all at the same level (Zeebe)
    const codeOf = (element: ElementModel): string | undefined | null => {
      const e = element.event;
      if (!e || e.type !== type) return null;
      return e.type === 'error' ? e.errorCode : e.type === 'escalation' ? e.escalationCode : null;
    };
    const best = (candidates: ElementModel[]): ElementModel | undefined =>
      candidates.find((c) => codeOf(c) === code && code !== undefined) ?? candidates.find((c) => codeOf(c) === undefined);
    let previous: ElementInstance | undefined;
    for (let cur: ElementInstance | undefined = from; cur; previous = cur, cur = cur.parentId ? this.state.elements[cur.parentId] : undefined) {
      const cameFromEventSubProcess = previous?.kind === 'eventSubProcess';
      if (!cameFromEventSubProcess && !cur.interrupted) {
        const starts = this.eventSubProcessIdsOf(cur).map((id) => this.element(this.element(id).startEventId!));
        const start = best(starts);
        if (start) return { kind: 'eventSubProcess', scope: cur, start };
      }
      if (cur.kind !== ROOT_KIND && cur.itemIndex === undefined) {
        const boundary = best((this.element(cur.elementId).boundaryIds ?? []).map((id) => this.element(id)));
        if (boundary) return { kind: 'boundary', host: cur, element: boundary };
      }
    }
    return null;
  }

  throwError(from: ElementInstance, code: string | undefined, message?: string): boolean {
    const catcher = this.findCatcher(from, 'error', code);
    const variables: JsonObject = {};
    if (catcher?.kind === 'boundary') {
      this.boundaryTriggered(catcher.host, catcher.element, variables);
      return true;
    }
    if (catcher?.kind === 'eventSubProcess') {
      this.eventSubProcessTriggered(catcher.scope, catcher.start, variables);
      return true;
    }
    if (this.state.parent) {
      // uncaught here: the error ends this called instance and goes on to the parent's call activity
      this.endInstance('error', { code, message });
      return true;
    }
    return false;
  }

  throwEscalation(from: ElementInstance, code: string | undefined): boolean {
    const catcher = this.findCatcher(from, 'escalation', code);
    if (catcher?.kind === 'boundary') this.boundaryTriggered(catcher.host, catcher.element, {});
    else if (catcher?.kind === 'eventSubProcess') this.eventSubProcessTriggered(catcher.scope, catcher.start, {});
    else if (this.state.parent) {
      // Uncaught in a called instance: it goes on to the parent's call activity; this instance continues.
      this.emit({ type: 'escalationPropagated', instanceId: this.state.instanceId, code, parent: this.state.parent });
    }
    return !this.state.elements[from.id];
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Fires a timer job: schedules the next firing of a repeating (non-interrupting) cycle, then dispatches the catch. */
  fireTimer(job: Job): void {
    delete this.state.jobs[job.id];
    this.emit({ type: 'jobRemoved', instanceId: this.state.instanceId, jobId: job.id });
    const owner = this.state.elements[job.ownerId];
    if (!owner) return;
    const catchElement = this.element(job.elementId);
    const repeats = job.interrupting === false && job.timer?.type === 'cycle';
    if (repeats) {
      const fired = job.timer!.fired + 1;
      const next = nextTimerFiring(job.timer!, new Date(job.dueAt!), this.ctx.timeZone, this.ctx.calendar, fired);
      if (next) this.createTimerJob(owner, job.elementId, { ...job.timer!, fired }, next, false);
    }
    this.caught(owner, catchElement, {});
  }

  /** Re-runs the step an incident stopped. */
  retry(incident: Incident): void {
    const ei = this.state.elements[incident.elementInstanceId];
    this.resolveIncident(incident);
    if (!ei) return;
    ei.status = 'active';
    switch (incident.step) {
      case 'activate':
        if (ei.kind === ROOT_KIND) this.startRoot(incident.startEventId!);
        else if (ei.kind === BODY_KIND) this.runBodyActivation(ei);
        else this.runActivation(ei);
        return;
      case 'complete':
        if (ei.kind === BODY_KIND && ei.body) this.checkBody(ei, ei.body.next, incident.variables);
        else this.complete(ei, { variables: incident.variables });
        return;
      case 'job':
        this.runActivation(ei);
        return;
      case 'throw':
        if (!this.throwError(ei, incident.errorCode, incident.message)) {
          this.raiseIncident(ei, 'throw', incident.message, { errorCode: incident.errorCode });
        }
        return;
    }
  }
}
