import type { ActionModel, ElementKind, ElementModel, MessageRef, ProcessModel, TimerDefinition } from './model/process-model.types.js';
import type { CommandContext } from './execution/command-context.types.js';
import type { Effect } from './execution/effects.types.js';
import type { Json, JsonObject } from './execution/json.types.js';
import type { ElementInstance, InstanceState } from './execution/state.types.js';

/** Options when completing an element instance. */
export interface CompleteOptions {
  /** Variables the element completes with (task completion, message payload, action result). */
  variables?: JsonObject;
  /** Outgoing flows to take; default: every outgoing flow. */
  flows?: string[];
  /** Pass a trigger on to the element the flow leads to (event-based gateway → its catch event). */
  triggeredWith?: JsonObject;
}

/** The operations a behaviour may use; implemented by the command runner. */
export interface ExecutionApi {
  readonly model: ProcessModel;
  readonly state: InstanceState;
  readonly ctx: CommandContext;
  newId(): string;
  emit(effect: Effect): void;
  element(id: string): ElementModel;
  /** The enclosing scope instance of `ei`. */
  parentOf(ei: ElementInstance): ElementInstance;
  /** Live child instances of a scope instance. */
  children(scopeId: string): ElementInstance[];
  /** Evaluates a FEEL body in the variable scope of `ei` (plus `extra`). @throws StepFailure */
  feel(expression: string, ei: ElementInstance, extra?: JsonObject): Json;
  /** Evaluates a Zeebe value: FEEL when it starts with `=`, else the static text. @throws StepFailure */
  value(text: string, ei: ElementInstance): Json;
  /** All variables visible from `ei`. */
  visibleVariables(ei: ElementInstance): JsonObject;
  /** Activates `element` as a new child of `scope`. */
  activate(scope: ElementInstance, element: ElementModel, options?: { triggeredWith?: JsonObject }): void;
  /** Completes `ei`: variables, output mappings, cleanup, outgoing flows, scope completion. */
  complete(ei: ElementInstance, options?: CompleteOptions): void;
  /** Terminates `ei` and everything under it (tasks, jobs, subscriptions), with effects. */
  terminate(ei: ElementInstance): void;
  /** Forgets the tokens waiting at joins of a scope (terminate end event, interrupting event sub-process). */
  clearJoins(scopeId: string): void;
  /** Flows of the scope an element completing with several outgoing flows has not taken yet (tokens on their way). */
  pendingFlows(scopeId: string): readonly string[];
  /** Records a token arriving at a join; returns the arrivals per incoming flow. */
  joinArrivals(scope: ElementInstance, gatewayId: string): Record<string, number>;
  openMessage(owner: ElementInstance, catchElement: ElementModel, message: MessageRef, interrupting: boolean): void;
  openSignal(owner: ElementInstance, catchElement: ElementModel, name: string, interrupting: boolean): void;
  scheduleTimer(owner: ElementInstance, catchElement: ElementModel, timer: TimerDefinition, interrupting: boolean): void;
  /** Opens the subscriptions of the message/timer/signal event sub-processes of a scope. */
  openEventSubProcesses(scope: ElementInstance, eventSubProcessIds: string[]): void;
  /** Runs a built-in action (sync: completes; async: creates a job and waits). */
  runAction(ei: ElementInstance, action: ActionModel): void;
  /** Throws a BPMN error from `from`; false when nothing catches it (the caller raises an incident). */
  throwError(from: ElementInstance, code: string | undefined, message?: string): boolean;
  /** Throws an escalation; returns whether the thrower was interrupted (terminated). */
  throwEscalation(from: ElementInstance, code: string | undefined): boolean;
}

/**
 * The execution behaviour of one element kind.
 * @typeParam K the element kind this behaviour executes
 */
export interface Behaviour<K extends ElementKind> {
  readonly kind: K;
  /** A token entered the element (after input mappings and boundary subscriptions). */
  activate(api: ExecutionApi, element: ElementModel, ei: ElementInstance): void;
  /** A token arrives over `flowId` in `scope`; joins override this (default: activate). */
  arrive?(api: ExecutionApi, element: ElementModel, scope: ElementInstance, flowId: string): void;
  /** A subscription or timer owned by this waiting instance fired. */
  trigger?(api: ExecutionApi, element: ElementModel, ei: ElementInstance, variables: JsonObject): void;
  /** Re-checks a waiting join after tokens of its scope went away (inclusive gateway). */
  recheckJoin?(api: ExecutionApi, element: ElementModel, scope: ElementInstance): void;
  /** The last child of this scope instance ended. */
  scopeDone?(api: ExecutionApi, element: ElementModel, ei: ElementInstance): void;
}
