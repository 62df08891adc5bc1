import type { ActionRegistry } from '../actions/action.types.js';
import type { Behaviour, CompleteOptions } from '../behaviour.types.js';
import { BEHAVIOURS } from '../behaviours.registry.js';
import { BODY_KIND, multiInstanceBehaviour } from '../containers/multi-instance.behaviour.js';
import type { MultiInstanceApi } from '../containers/multi-instance.behaviour.js';
import { evaluateFeel, FeelError, feelBody } from '../feel/feel-evaluator.js';
import type { ActionModel, ElementKind, ElementModel, ProcessModel } from '../model/process-model.types.js';
import { runAction } from './action-jobs.js';
import { boundaryTriggered, eventSubProcessTriggered, throwError, throwEscalation } from './catching.js';
import type { CommandContext } from './command-context.types.js';
import type { ElementCommand } from './commands.types.js';
import type { Effect, HistoryEntry, InstanceOutcome } from './effects.types.js';
import { failStep, raiseIncident, resolveIncident } from './incidents.js';
import type { Json, JsonObject } from './json.types.js';
import type { ElementInstance, Incident, InstanceState, Job } from './state.types.js';
import { EngineCommandError, StepFailure } from './step-failure.js';
import { endInstance, ROOT_KIND, terminate } from './termination.js';
import { propagate, setLocal, visibleVariables } from './variables.js';
import { closeOwned, consumeTimer, openBoundaries, openEventSubProcesses, openWait } from './waits.js';

/** The behaviour of an element kind, typed for calls with any element. */
function behaviourOf(kind: ElementKind): Behaviour<ElementKind> {
  return BEHAVIOURS[kind] as Behaviour<ElementKind>;
}

/**
 * Runs one command against a (copied) instance state, collecting effects. Implements the
 * {@link ExecutionApi} the element behaviours use, and holds the token's generic lifecycle:
 * activation (input mappings, boundary events, the behaviour), completion (output mappings,
 * variable propagation, outgoing flows) and scope completion. What each element does at those
 * points is its behaviour's; what is shared lives beside this file: variables, waits (subscriptions
 * and timers), catching (boundary events, event sub-processes, errors, escalations), incidents,
 * termination, action jobs; the multi-instance body is `containers/multi-instance.behaviour.ts`.
 */
export class CommandRunner implements MultiInstanceApi {
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
    readonly actions: ActionRegistry,
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

  // ---- variables and expressions ------------------------------------------------------------

  visibleVariables(ei: ElementInstance): JsonObject {
    return visibleVariables(this.state, ei);
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

  propagate(from: ElementInstance, variables: JsonObject): void {
    propagate(this, from, variables);
  }

  setLocal(ei: ElementInstance, variables: JsonObject): void {
    setLocal(this, ei, variables);
  }

  // ---- waits, actions, incidents (execution/waits.ts, action-jobs.ts, incidents.ts) ---------

  openWait(owner: ElementInstance, catchElement: ElementModel, interrupting: boolean): void {
    openWait(this, owner, catchElement, interrupting);
  }

  openBoundaries(ei: ElementInstance, element: ElementModel): void {
    openBoundaries(this, ei, element);
  }

  openEventSubProcesses(scope: ElementInstance, eventSubProcessIds: string[]): void {
    openEventSubProcesses(this, scope, eventSubProcessIds);
  }

  closeOwned(owner: ElementInstance, filter?: (elementId: string) => boolean): void {
    closeOwned(this, owner, filter);
  }

  runAction(ei: ElementInstance, action: ActionModel): void {
    runAction(this, ei, action);
  }

  raiseIncident(ei: ElementInstance, step: Incident['step'], message: string, extra: Partial<Incident> = {}): void {
    raiseIncident(this, ei, step, message, extra);
  }

  resolveIncident(incident: Incident): void {
    resolveIncident(this, incident);
  }

  failStep(ei: ElementInstance, step: Incident['step'], error: unknown, extra: Partial<Incident> = {}): void {
    failStep(this, ei, step, error, extra);
  }

  // ---- activation ---------------------------------------------------------------------------

  takeFlow(scope: ElementInstance, flowId: string, triggeredWith?: JsonObject): void {
    const flow = this.model.flows[flowId];
    const target = this.element(flow.targetId);
    const behaviour = behaviourOf(target.kind);
    if (behaviour.arrive && !triggeredWith) behaviour.arrive(this, target, scope, flowId);
    else this.activate(scope, target, { triggeredWith });
  }

  activate(scope: ElementInstance, element: ElementModel, options: { triggeredWith?: JsonObject } = {}): void {
    if (element.loop) {
      multiInstanceBehaviour.activate(this, this.createInstance(scope, element, BODY_KIND));
      return;
    }
    const ei = this.createInstance(scope, element, element.kind);
    if (options.triggeredWith) ei.triggeredWith = options.triggeredWith;
    this.runActivation(ei);
  }

  createInstance(scope: ElementInstance, element: ElementModel, kind: string, variables: JsonObject = {}): ElementInstance {
    const ei: ElementInstance = { id: this.newId(), elementId: element.id, kind, parentId: scope.id, status: 'active', variables };
    this.state.elements[ei.id] = ei;
    this.history({ kind: 'elementActivated', elementId: element.id, elementType: kind, name: element.name, executionId: ei.id });
    return ei;
  }

  /** Input mappings, boundary subscriptions (not for multi-instance items), then the behaviour. Re-run on retry. */
  runActivation(ei: ElementInstance): void {
    const element = this.element(ei.elementId);
    try {
      if (element.inputs) {
        const values: JsonObject = {};
        for (const m of element.inputs) values[m.target] = this.value(m.source, ei);
        this.setLocal(ei, values);
      }
      if (ei.itemIndex === undefined) this.openBoundaries(ei, element);
      behaviourOf(element.kind).activate(this, element, ei);
    } catch (error) {
      this.failStep(ei, 'activate', error);
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

  // ---- completion ---------------------------------------------------------------------------

  complete(ei: ElementInstance, options: CompleteOptions = {}): void {
    const element = this.element(ei.elementId);
    const isItem = ei.itemIndex !== undefined;
    try {
      if (ei.kind === BODY_KIND) {
        multiInstanceBehaviour.completing(this, element, ei);
      } else {
        const variables = options.variables;
        // with output mappings the result lands locally first; mappings then decide what leaves
        if (variables !== undefined && Object.keys(variables).length > 0) {
          if (element.outputs) this.setLocal(ei, variables);
          else this.propagate(ei, variables);
        }
        if (element.outputs) {
          const values: JsonObject = {};
          for (const m of element.outputs) values[m.target] = this.value(m.source, ei);
          this.propagate(this.parentOf(ei), values);
        }
        if (isItem) multiInstanceBehaviour.itemCompleting(this, element, ei);
      }
    } catch (error) {
      this.failStep(ei, 'complete', error, { variables: options.variables });
      return;
    }
    this.closeOwned(ei);
    this.history({ kind: 'elementCompleted', elementId: element.id, elementType: ei.kind, name: element.name, executionId: ei.id });
    delete this.state.elements[ei.id];
    const scope = this.parentOf(ei);
    if (isItem) {
      multiInstanceBehaviour.itemEnded(this, scope, ei);
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
      const behaviour = gateway ? behaviourOf(gateway.kind) : undefined;
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
    const behaviour = behaviourOf(element.kind);
    if (behaviour.scopeDone) behaviour.scopeDone(this, element, scope);
  }

  clearJoins(scopeId: string): void {
    this.pending.delete(scopeId);
    const prefix = `${scopeId}/`;
    for (const key of Object.keys(this.state.joins)) if (key.startsWith(prefix)) delete this.state.joins[key];
  }

  resetJoins(): void {
    this.pending.clear();
  }

  joinArrivals(scope: ElementInstance, gatewayId: string): Record<string, number> {
    const key = `${scope.id}/${gatewayId}`;
    return (this.state.joins[key] ??= {});
  }

  // ---- termination and catching (execution/termination.ts, catching.ts) ---------------------

  terminate(ei: ElementInstance): void {
    terminate(this, ei);
  }

  terminatedHook(ei: ElementInstance): void {
    if (ei.kind === ROOT_KIND || ei.kind === BODY_KIND) return;
    const behaviour = behaviourOf(ei.kind as ElementKind);
    if (behaviour.terminated) behaviour.terminated(this, this.model.elements[ei.elementId], ei);
  }

  endInstance(outcome: InstanceOutcome, error?: { code?: string; message?: string }): void {
    endInstance(this, outcome, error);
  }

  throwError(from: ElementInstance, code: string | undefined, message?: string): boolean {
    return throwError(this, from, code, message);
  }

  throwEscalation(from: ElementInstance, code: string | undefined): boolean {
    return throwEscalation(this, from, code);
  }

  /**
   * A subscription or timer owned by `owner` fired for `catchElement`. Dispatches by who waits:
   * a boundary event, an event sub-process start, an element waiting on another's behalf (event-based
   * gateway: its `caught` hook), or the waiting element itself (its `trigger` hook).
   */
  caught(owner: ElementInstance, catchElement: ElementModel, variables: JsonObject): void {
    if (catchElement.kind === 'boundaryEvent') return boundaryTriggered(this, owner, catchElement, variables);
    if (catchElement.kind === 'startEvent') return eventSubProcessTriggered(this, owner, catchElement, variables);
    const element = this.element(owner.elementId);
    const behaviour = behaviourOf(element.kind);
    if (behaviour.caught) return behaviour.caught(this, element, owner, catchElement, variables);
    if (!behaviour.trigger) throw new EngineCommandError(`'${element.id}' does not wait for a trigger`);
    if (owner.status === 'incident') throw new EngineCommandError(`'${element.id}' has an open incident`);
    this.closeOwned(owner);
    behaviour.trigger(this, element, owner, variables);
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Hands a command to the behaviour of the waiting element instance it is addressed to. */
  command(ei: ElementInstance, command: ElementCommand): void {
    const element = this.element(ei.elementId);
    const behaviour = behaviourOf(element.kind);
    if (!behaviour.command) throw new EngineCommandError(`'${element.id}' takes no ${command.type}`);
    behaviour.command(this, element, ei, command);
  }

  /** Fires a timer job: schedules the next firing of a repeating (non-interrupting) cycle, then dispatches the catch. */
  fireTimer(job: Job): void {
    const owner = consumeTimer(this, job);
    if (owner) this.caught(owner, this.element(job.elementId), {});
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
        else if (ei.kind === BODY_KIND) multiInstanceBehaviour.retry(this, ei, incident);
        else this.runActivation(ei);
        return;
      case 'complete':
        if (ei.kind === BODY_KIND) multiInstanceBehaviour.retry(this, ei, incident);
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
