/**
 * The compiled, JSON-serializable process model produced by `compileBpmn`.
 * Everything the runtime needs is precomputed here (flow maps, boundary
 * attachments, event sub-process starts, join reachability) so executing a
 * command never re-parses XML.
 */

/** Every BPMN element kind the engine executes. The behaviour registry is a mapped type over this union. */
export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'receiveTask'
  | 'sendTask'
  | 'manualTask'
  | 'task'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'eventSubProcess'
  | 'callActivity';

/** All element kinds, in a runtime list (kept in step with {@link ElementKind} by a compile-time check). */
export const ELEMENT_KINDS = [
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'userTask',
  'serviceTask',
  'scriptTask',
  'receiveTask',
  'sendTask',
  'manualTask',
  'task',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
  'subProcess',
  'eventSubProcess',
  'callActivity',
] as const satisfies readonly ElementKind[];

// Fails to compile when a kind is added to the union but not to the list.
type MissingKinds = Exclude<ElementKind, (typeof ELEMENT_KINDS)[number]>;
const _allKindsListed: [MissingKinds] extends [never] ? true : MissingKinds = true;
void _allKindsListed;

/** A deploy-time problem: the resource, the element (when known) and a human message. */
export interface Problem {
  resource: string;
  elementId?: string;
  message: string;
}

/** A `zeebe:ioMapping` input or output: `target` receives the value of the FEEL `source`. */
export interface Mapping {
  source: string;
  target: string;
}

/** A timer definition as written in the diagram (static ISO/cron text or a FEEL expression starting with `=`). */
export interface TimerDefinition {
  type: 'date' | 'duration' | 'cycle';
  value: string;
}

/** A message reference: its name (static or FEEL) and correlation key expression (FEEL, optional for start events). */
export interface MessageRef {
  name: string;
  correlationKey?: string;
}

/** The event definition carried by an event element (at most one is supported). */
export type EventDefinitionModel =
  | { type: 'none' }
  | { type: 'message'; message: MessageRef }
  | { type: 'timer'; timer: TimerDefinition }
  | { type: 'signal'; signalName: string }
  | { type: 'error'; errorCode?: string; errorMessage?: string }
  | { type: 'escalation'; escalationCode?: string }
  | { type: 'terminate' };

/** `zeebe:loopCharacteristics` of a multi-instance activity. */
export interface LoopModel {
  sequential: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

/** `zeebe:assignmentDefinition`, `zeebe:taskSchedule` and `zeebe:formDefinition` of a user task. */
export interface UserTaskModel {
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
  formId?: string;
}

/** A built-in action run by a service task (or a send task / message throw with a task definition). */
export interface ActionModel {
  type: string;
  headers: Record<string, string>;
  retries: number;
}

/** `zeebe:calledElement` of a call activity. */
export interface CalledElementModel {
  processId: string;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

/** One flow node (or event sub-process) of a process, with precomputed navigation. */
export interface ElementModel {
  id: string;
  kind: ElementKind;
  name?: string;
  /** Id of the enclosing scope element (the process key for top-level elements). */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  inputs?: Mapping[];
  outputs?: Mapping[];
  event?: EventDefinitionModel;
  /** Boundary events: the host activity and whether it is interrupting. */
  attachedTo?: string;
  /** Boundary events and event sub-process starts: interrupting or not. */
  interrupting?: boolean;
  /** Activities: ids of the attached boundary events. */
  boundaryIds?: string[];
  loop?: LoopModel;
  userTask?: UserTaskModel;
  action?: ActionModel;
  script?: { expression: string; resultVariable?: string };
  called?: CalledElementModel;
  /** Scopes (sub-process, event sub-process): the start event to activate. */
  startEventId?: string;
  /** Scopes: their event sub-processes. */
  eventSubProcessIds?: string[];
  /** Event-based gateway: the catch events (or receive tasks) after it. */
  eventTargets?: string[];
  /** Elements (in the same scope) reachable from this one along sequence flows and boundary events. */
  reaches?: string[];
}

/** A sequence flow with an optional FEEL condition. */
export interface FlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  condition?: string;
}

/** How a process may be started from one of its start events. */
export type StartEventInfo =
  | { elementId: string; kind: 'none' }
  | { elementId: string; kind: 'message'; messageName: string }
  | { elementId: string; kind: 'timer'; timer: TimerDefinition }
  | { elementId: string; kind: 'signal'; signalName: string };

/** One compiled executable process. */
export interface ProcessModel {
  /** The process id: the key instances are started by. */
  key: string;
  name?: string;
  isExecutable: boolean;
  resource: string;
  elements: Record<string, ElementModel>;
  flows: Record<string, FlowModel>;
  /** Top-level start events (not those of event sub-processes). */
  startEvents: StartEventInfo[];
  /** Top-level event sub-processes of the process scope. */
  eventSubProcessIds: string[];
  /** Form ids referenced by user tasks (for the deploy layer to check). */
  formIds: string[];
  /** Static candidate role keys referenced by user tasks. */
  candidateGroups: string[];
  /** Process keys called by call activities (static ones). */
  calledProcessKeys: string[];
}

/** A message declared in the definitions. */
export interface MessageInfo {
  id: string;
  name: string;
  correlationKey?: string;
}

/** The result of {@link compileBpmn}. Deployable only if `problems` is empty. */
export interface CompileResult {
  processes: ProcessModel[];
  messages: MessageInfo[];
  problems: Problem[];
}
