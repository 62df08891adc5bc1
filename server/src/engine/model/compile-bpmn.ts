import { BpmnModdle } from 'bpmn-moddle';
import { XML_MAX_DEPTH, xmlDepth } from '../../common/input-limits.js';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { BUILT_IN_ACTION_TYPES } from '../actions/built-in-action-types.js';
import { feelBudgetProblem } from '../feel/feel-budget-probe.js';
import type { FeelLimits } from '../feel/feel-evaluator.js';
import { feelBody, feelSyntaxError } from '../feel/feel-evaluator.js';
import { timerValueProblem } from '../timers/timer-spec.js';
import { splitList } from './split-list.js';
import type {
  ActionModel,
  CompileResult,
  ElementKind,
  ElementModel,
  EventDefinitionModel,
  FlowModel,
  Mapping,
  MessageInfo,
  MessageRef,
  Problem,
  StartEventInfo,
} from './process-model.types.js';

/** Options of {@link compileBpmn}. */
export interface CompileOptions {
  /** Service-task action types the engine knows; defaults to the built-in ones. */
  actionTypes?: readonly string[];
  /**
   * Bounds of FEEL evaluation. Unless `probeFeel` is false, every FEEL expression is evaluated once
   * without variables, and one that exceeds a bound without any data is a problem.
   */
  feelLimits?: FeelLimits;
  /** Whether to probe expressions against `feelLimits` (default true; off when re-compiling stored definitions). */
  probeFeel?: boolean;
}

// bpmn-moddle objects are untyped; this is the shape we read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- moddle's object graph has no types
type Node = { $type: string; id?: string; name?: string; [key: string]: any };

const KIND_BY_TYPE: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:Task': 'task',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

// Non-executing artefacts: allowed and ignored.
const IGNORED_FLOW_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

// Zeebe extension elements with no execution semantics here (metadata only).
const IGNORED_ZEEBE = new Set(['zeebe:Properties', 'zeebe:UserTask', 'zeebe:VersionTag', 'zeebe:PriorityDefinition']);

const ACTIVITY_KINDS = new Set<ElementKind>([
  'userTask',
  'serviceTask',
  'scriptTask',
  'receiveTask',
  'sendTask',
  'manualTask',
  'task',
  'subProcess',
  'callActivity',
]);

/** Whether an element kind is an activity (can carry boundary events, multi-instance, mappings). */
export function isActivityKind(kind: ElementKind): boolean {
  return ACTIVITY_KINDS.has(kind);
}

class ProcessCompiler {
  readonly elements: Record<string, ElementModel> = {};
  readonly flows: Record<string, FlowModel> = {};
  readonly formIds = new Set<string>();
  readonly groups = new Set<string>();
  readonly called = new Set<string>();
  private readonly rawFlows: { node: Node; scopeId: string }[] = [];

  constructor(
    private readonly resource: string,
    private readonly problems: Problem[],
    private readonly actionTypes: ReadonlySet<string>,
    private readonly feelLimits: FeelLimits | undefined,
    private readonly probeFeel: boolean,
  ) {}

  problem(elementId: string | undefined, message: string): void {
    this.problems.push({ resource: this.resource, elementId, message });
  }

  /** Checks the syntax of a FEEL body, then (when probing) that it fits the evaluation bounds without data. */
  checkFeelBody(elementId: string, what: string, body: string): void {
    const error = feelSyntaxError(body);
    if (error) {
      this.problem(elementId, `${what}: ${error}`);
      return;
    }
    const budget = this.probeFeel ? feelBudgetProblem(body, this.feelLimits) : null;
    if (budget) this.problem(elementId, `элемент «${elementId}», ${what}: ${budget}`);
  }

  /** Checks a FEEL-or-static value; FEEL bodies are syntax-checked and probed. */
  checkValue(elementId: string, what: string, value: string | undefined): void {
    if (value === undefined) return;
    const body = feelBody(value);
    if (body !== undefined) this.checkFeelBody(elementId, what, body);
  }

  checkFeel(elementId: string, what: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const body = feelBody(value) ?? value;
    this.checkFeelBody(elementId, what, body);
    return body;
  }

  extensions(node: Node): Node[] {
    const values: Node[] = node.extensionElements?.values ?? [];
    return values;
  }

  ext(node: Node, type: string): Node | undefined {
    return this.extensions(node).find((v) => v.$type === type);
  }

  checkExtensions(node: Node, allowed: string[]): void {
    for (const value of this.extensions(node)) {
      const type = value.$type;
      if (!type.startsWith('zeebe:')) continue; // vendor metadata from other tools: no semantics here
      if (allowed.includes(type) || IGNORED_ZEEBE.has(type)) continue;
      this.problem(node.id, `extension element ${type} is not supported on ${node.$type} '${node.id}'`);
    }
  }

  mappings(node: Node, elementId: string): { inputs?: Mapping[]; outputs?: Mapping[] } {
    const io = this.ext(node, 'zeebe:IoMapping');
    if (!io) return {};
    const read = (list: Node[] | undefined, what: string): Mapping[] | undefined => {
      if (!list || list.length === 0) return undefined;
      return list.map((m) => {
        if (!m.target) this.problem(elementId, `${what} mapping without a target`);
        const source: string = m.source ?? '=null';
        this.checkValue(elementId, `${what} mapping '${m.target}'`, source);
        return { source, target: m.target ?? '' };
      });
    };
    return { inputs: read(io.inputParameters, 'input'), outputs: read(io.outputParameters, 'output') };
  }

  messageRef(message: Node | undefined, elementId: string, needsKey: boolean): MessageRef | undefined {
    if (!message) {
      this.problem(elementId, 'message reference is missing');
      return undefined;
    }
    if (!message.name) {
      this.problem(elementId, `message '${message.id}' has no name`);
      return undefined;
    }
    this.checkValue(elementId, 'message name', message.name);
    const subscription = this.extensions(message).find((v) => v.$type === 'zeebe:Subscription');
    const correlationKey: string | undefined = subscription?.correlationKey;
    if (needsKey && !correlationKey) {
      this.problem(elementId, `message '${message.name}' needs a zeebe:subscription correlationKey to be caught here`);
    }
    if (correlationKey) this.checkFeel(elementId, 'correlation key', correlationKey);
    return { name: message.name, correlationKey };
  }

  eventDefinition(node: Node, kind: ElementKind, inEventSubProcess: boolean): EventDefinitionModel | undefined {
    const id = node.id!;
    const definitions: Node[] = node.eventDefinitions ?? [];
    if (definitions.length > 1) {
      this.problem(id, `multiple event definitions on '${id}' are not supported`);
      return undefined;
    }
    if (definitions.length === 0) return { type: 'none' };
    const d = definitions[0];
    switch (d.$type) {
      case 'bpmn:MessageEventDefinition': {
        const catching = kind !== 'endEvent' && kind !== 'intermediateThrowEvent';
        // a throwing message event may run a task definition instead of publishing a named message
        if (!catching && !d.messageRef) return { type: 'message', message: { name: '' } };
        const needsKey = catching && !(kind === 'startEvent' && !inEventSubProcess);
        const message = this.messageRef(d.messageRef, id, needsKey);
        return message ? { type: 'message', message } : undefined;
      }
      case 'bpmn:TimerEventDefinition': {
        const entries: [string, 'date' | 'duration' | 'cycle'][] = [
          ['timeDate', 'date'],
          ['timeDuration', 'duration'],
          ['timeCycle', 'cycle'],
        ];
        const present = entries.filter(([prop]) => d[prop]);
        if (present.length !== 1) {
          this.problem(id, 'a timer needs exactly one of timeDate, timeDuration, timeCycle');
          return undefined;
        }
        const [prop, type] = present[0];
        const value = String(d[prop].body ?? '').trim();
        const body = feelBody(value);
        if (body !== undefined) {
          this.checkFeelBody(id, `timer ${prop}`, body);
        } else {
          const error = timerValueProblem({ type, value });
          if (error) this.problem(id, `timer ${prop}: ${error}`);
        }
        return { type: 'timer', timer: { type, value } };
      }
      case 'bpmn:SignalEventDefinition': {
        const name: string | undefined = d.signalRef?.name;
        if (!name) {
          this.problem(id, 'signal reference without a name');
          return undefined;
        }
        return { type: 'signal', signalName: name };
      }
      case 'bpmn:ErrorEventDefinition':
        return { type: 'error', errorCode: d.errorRef?.errorCode || undefined, errorMessage: d.errorRef?.name };
      case 'bpmn:EscalationEventDefinition':
        return { type: 'escalation', escalationCode: d.escalationRef?.escalationCode || undefined };
      case 'bpmn:TerminateEventDefinition':
        return { type: 'terminate' };
      default:
        this.problem(id, `event definition ${d.$type.replace('bpmn:', '')} on ${node.$type.replace('bpmn:', '')} '${id}' is not supported`);
        return undefined;
    }
  }

  action(node: Node, id: string, required: boolean): ActionModel | undefined {
    const definition = this.ext(node, 'zeebe:TaskDefinition');
    if (!definition) {
      if (required) this.problem(id, `'${id}' needs a zeebe:taskDefinition type naming a built-in action`);
      return undefined;
    }
    const type: string | undefined = definition.type;
    if (!type) {
      this.problem(id, 'zeebe:taskDefinition without a type');
      return undefined;
    }
    if (!this.actionTypes.has(type)) {
      this.problem(id, `unknown action type '${type}' (known: ${[...this.actionTypes].join(', ')})`);
    }
    const headers: Record<string, string> = {};
    for (const h of this.ext(node, 'zeebe:TaskHeaders')?.values ?? []) {
      if (h.key) headers[h.key] = h.value ?? '';
    }
    const retriesText = headers.retries ?? definition.retries;
    let retries = 3;
    if (retriesText !== undefined && retriesText !== '') {
      retries = Number(retriesText);
      if (!Number.isInteger(retries) || retries < 0) {
        this.problem(id, `retries '${retriesText}' is not a non-negative integer`);
        retries = 3;
      }
    }
    for (const [key, value] of Object.entries(headers)) this.checkValue(id, `header '${key}'`, value);
    return { type, headers, retries };
  }

  /** Compiles the flow elements of one scope (process or sub-process). Returns the element ids of the scope. */
  scope(container: Node, scopeId: string, inEventSubProcess: boolean): string[] {
    const ids: string[] = [];
    for (const node of (container.flowElements ?? []) as Node[]) {
      if (node.$type === 'bpmn:SequenceFlow') {
        this.rawFlows.push({ node, scopeId });
        continue;
      }
      if (IGNORED_FLOW_ELEMENTS.has(node.$type)) continue;
      const kindBase = KIND_BY_TYPE[node.$type];
      if (!kindBase) {
        this.problem(node.id, `element kind ${node.$type.replace('bpmn:', '')} ('${node.id}') is not supported`);
        continue;
      }
      const kind: ElementKind = kindBase === 'subProcess' && node.triggeredByEvent ? 'eventSubProcess' : kindBase;
      const element = this.element(node, kind, scopeId, inEventSubProcess);
      if (element) ids.push(element.id);
    }
    return ids;
  }

  element(node: Node, kind: ElementKind, scopeId: string, inEventSubProcess: boolean): ElementModel | undefined {
    const id = node.id!;
    const element: ElementModel = { id, kind, scopeId, incoming: [], outgoing: [] };
    if (node.name) element.name = node.name;
    this.elements[id] = element;
    const allowed = ['zeebe:IoMapping'];

    if (node.isForCompensation) this.problem(id, `compensation activity '${id}' is not supported`);
    if ((node.startQuantity ?? 1) !== 1 || (node.completionQuantity ?? 1) !== 1) {
      this.problem(id, `startQuantity/completionQuantity other than 1 on '${id}' are not supported`);
    }

    if (node.loopCharacteristics) {
      const lc: Node = node.loopCharacteristics;
      if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
        this.problem(id, `standard loop characteristics on '${id}' are not supported (use multi-instance)`);
      } else if (!isActivityKind(kind)) {
        this.problem(id, `multi-instance on '${id}' is not supported`);
      } else {
        if (lc.loopCardinality) this.problem(id, `loopCardinality on '${id}' is not supported (use zeebe:loopCharacteristics inputCollection)`);
        const zl = this.extensions(lc).find((v) => v.$type === 'zeebe:LoopCharacteristics');
        if (!zl?.inputCollection) {
          this.problem(id, `multi-instance '${id}' needs zeebe:loopCharacteristics inputCollection`);
        } else {
          const completion = lc.completionCondition?.body as string | undefined;
          element.loop = {
            sequential: Boolean(lc.isSequential),
            inputCollection: this.checkFeel(id, 'inputCollection', zl.inputCollection)!,
            inputElement: zl.inputElement || undefined,
            outputCollection: zl.outputCollection || undefined,
            outputElement: zl.outputElement ? this.checkFeel(id, 'outputElement', zl.outputElement) : undefined,
            completionCondition: completion ? this.checkFeel(id, 'completionCondition', completion) : undefined,
          };
          if (element.loop.outputCollection && !element.loop.outputElement) {
            this.problem(id, 'outputCollection needs an outputElement');
          }
        }
      }
    }

    const isEvent = kind.endsWith('Event');
    if (isEvent) {
      const event = this.eventDefinition(node, kind, inEventSubProcess);
      if (event) {
        element.event = event;
        this.checkEventPlacement(element, inEventSubProcess);
      }
    }

    switch (kind) {
      case 'userTask': {
        allowed.push('zeebe:AssignmentDefinition', 'zeebe:TaskSchedule', 'zeebe:FormDefinition');
        const a = this.ext(node, 'zeebe:AssignmentDefinition');
        const s = this.ext(node, 'zeebe:TaskSchedule');
        const f = this.ext(node, 'zeebe:FormDefinition');
        const userTask: ElementModel['userTask'] = {};
        for (const [key, value] of [
          ['assignee', a?.assignee],
          ['candidateGroups', a?.candidateGroups],
          ['candidateUsers', a?.candidateUsers],
          ['dueDate', s?.dueDate],
          ['followUpDate', s?.followUpDate],
        ] as const) {
          if (!value) continue;
          userTask[key] = value;
          this.checkValue(id, key, value);
          if ((key === 'dueDate' || key === 'followUpDate') && feelBody(value) === undefined) {
            const error = timerValueProblem({ type: 'date', value });
            if (error) this.problem(id, `${key}: ${error}`);
          }
        }
        if (a?.candidateGroups && feelBody(a.candidateGroups) === undefined) {
          for (const g of splitList(a.candidateGroups)) this.groups.add(g);
        }
        if (f) {
          if (f.formKey || f.externalReference) this.problem(id, 'only zeebe:formDefinition formId is supported');
          if (f.formId) {
            userTask.formId = f.formId;
            this.formIds.add(f.formId);
          }
        }
        element.userTask = userTask;
        break;
      }
      case 'serviceTask':
        allowed.push('zeebe:TaskDefinition', 'zeebe:TaskHeaders');
        element.action = this.action(node, id, true);
        break;
      case 'sendTask':
      case 'intermediateThrowEvent':
      case 'endEvent': {
        allowed.push('zeebe:TaskDefinition', 'zeebe:TaskHeaders');
        const isMessage = kind === 'sendTask' || element.event?.type === 'message';
        if (isMessage) element.action = this.action(node, id, false);
        if (element.event?.type === 'message' && !element.event.message.name && !element.action) {
          this.problem(id, `message ${kind} '${id}' needs a message reference or a zeebe:taskDefinition`);
        }
        if (kind === 'sendTask' && !element.action) {
          const message = this.messageRef(node.messageRef, id, false);
          if (message) element.event = { type: 'message', message };
        }
        break;
      }
      case 'scriptTask': {
        allowed.push('zeebe:Script', 'zeebe:TaskDefinition', 'zeebe:TaskHeaders');
        if (node.script) this.problem(id, `inline scripts ('${node.scriptFormat ?? 'unknown format'}') are never executed; use zeebe:script with a FEEL expression`);
        const script = this.ext(node, 'zeebe:Script');
        if (script) {
          if (!script.expression || !script.resultVariable) {
            this.problem(id, 'zeebe:script needs an expression and a resultVariable');
          } else {
            element.script = { expression: this.checkFeel(id, 'script', script.expression)!, resultVariable: script.resultVariable };
          }
        } else {
          element.action = this.action(node, id, false);
          if (!element.action) this.problem(id, `script task '${id}' needs a zeebe:script expression`);
        }
        break;
      }
      case 'receiveTask': {
        const message = this.messageRef(node.messageRef, id, true);
        if (message) element.event = { type: 'message', message };
        break;
      }
      case 'callActivity': {
        allowed.push('zeebe:CalledElement');
        const c = this.ext(node, 'zeebe:CalledElement');
        if (!c?.processId) {
          this.problem(id, `call activity '${id}' needs zeebe:calledElement processId`);
        } else {
          this.checkValue(id, 'processId', c.processId);
          if (feelBody(c.processId) === undefined) this.called.add(c.processId);
          element.called = {
            processId: c.processId,
            propagateAllChildVariables: c.propagateAllChildVariables !== false,
            propagateAllParentVariables: c.propagateAllParentVariables !== false,
          };
        }
        break;
      }
      case 'subProcess':
      case 'eventSubProcess': {
        const children = this.scope(node, id, kind === 'eventSubProcess');
        const starts = children.filter((c) => this.elements[c]?.kind === 'startEvent');
        element.eventSubProcessIds = children.filter((c) => this.elements[c]?.kind === 'eventSubProcess');
        if (starts.length !== 1) {
          this.problem(id, `${kind === 'subProcess' ? 'sub-process' : 'event sub-process'} '${id}' needs exactly one start event`);
        } else {
          element.startEventId = starts[0];
          const start = this.elements[starts[0]];
          const type = start.event?.type;
          if (kind === 'subProcess' && type !== 'none') this.problem(start.id, 'the start event of an embedded sub-process must be a none start event');
          if (kind === 'eventSubProcess') {
            if (type === 'none' || type === 'terminate') this.problem(start.id, 'the start event of an event sub-process needs a message, timer, signal, error or escalation definition');
            element.interrupting = start.interrupting ?? true;
            if (type === 'error' && !start.interrupting) this.problem(start.id, 'an error start event must be interrupting');
          }
        }
        break;
      }
      case 'boundaryEvent': {
        element.attachedTo = node.attachedToRef?.id;
        element.interrupting = node.cancelActivity !== false;
        if (!element.attachedTo) this.problem(id, `boundary event '${id}' is not attached to an activity`);
        if (element.event?.type === 'error' && !element.interrupting) this.problem(id, 'an error boundary event must be interrupting');
        break;
      }
      case 'eventBasedGateway':
        if (node.instantiate || (node.eventGatewayType && node.eventGatewayType !== 'Exclusive')) {
          this.problem(id, 'only exclusive, non-instantiating event-based gateways are supported');
        }
        break;
      default:
        break;
    }
    if (kind === 'startEvent' && inEventSubProcess) element.interrupting = node.isInterrupting !== false;
    if (kind === 'startEvent' && node.isInterrupting === false && !inEventSubProcess) {
      this.problem(id, 'a non-interrupting start event is only allowed in an event sub-process');
    }
    if (kind === 'exclusiveGateway' || kind === 'inclusiveGateway') {
      if (node.default) element.defaultFlow = node.default.id;
    }
    Object.assign(element, this.mappings(node, id));
    if (element.inputs && (kind === 'startEvent' || kind.endsWith('Gateway') || kind === 'boundaryEvent')) {
      this.problem(id, `input mappings are not supported on ${kind} '${id}'`);
    }
    this.checkExtensions(node, allowed);
    return element;
  }

  checkEventPlacement(element: ElementModel, inEventSubProcess: boolean): void {
    const type = element.event!.type;
    const ok: Record<string, string[]> = {
      startEvent: ['none', 'message', 'timer', 'signal', 'error', 'escalation'],
      endEvent: ['none', 'terminate', 'error', 'escalation', 'message', 'signal'],
      intermediateCatchEvent: ['message', 'timer', 'signal'],
      intermediateThrowEvent: ['none', 'message', 'signal', 'escalation'],
      boundaryEvent: ['message', 'timer', 'signal', 'error', 'escalation'],
    };
    if (!ok[element.kind]?.includes(type)) {
      this.problem(element.id, `${type} ${element.kind} '${element.id}' is not supported`);
    }
    if (element.kind === 'startEvent' && !inEventSubProcess && (type === 'error' || type === 'escalation')) {
      this.problem(element.id, `${type} start events are only allowed in event sub-processes`);
    }
  }

  finish(): void {
    for (const { node, scopeId } of this.rawFlows) {
      const id = node.id as string;
      const sourceId: string | undefined = node.sourceRef?.id;
      const targetId: string | undefined = node.targetRef?.id;
      const language: string | undefined = node.conditionExpression?.language;
      if (language && !/feel/i.test(language)) {
        this.problem(id, `condition language '${language}' is not supported (conditions are FEEL)`);
      }
      const conditionText: string | undefined = node.conditionExpression?.body;
      const hasCondition = conditionText !== undefined && conditionText.trim() !== '';
      const condition = hasCondition ? this.checkFeel(id, 'condition', conditionText) : undefined;
      const source = sourceId ? this.elements[sourceId] : undefined;
      const target = targetId ? this.elements[targetId] : undefined;
      if (!source || !target) {
        // an unsupported endpoint is already reported; only report truly missing references
        // a dangling id is already reported from the parser's warnings; report a missing attribute here
        const reported = this.problems.some((p) => p.elementId === id && p.message.includes('references a missing element'));
        if ((!sourceId || !targetId) && !reported) this.problem(id, `sequence flow '${id}' has no ${!sourceId ? 'source' : 'target'}`);
        continue;
      }
      if (source.scopeId !== scopeId || target.scopeId !== scopeId) {
        this.problem(id, `sequence flow '${id}' crosses a scope boundary`);
      }
      const flow: FlowModel = { id, sourceId: source.id, targetId: target.id };
      if (condition !== undefined) {
        if (source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
          this.problem(id, `conditional sequence flow '${id}' out of ${source.kind} '${source.id}' is not supported (use a gateway)`);
        }
        flow.condition = condition;
      }
      this.flows[id] = flow;
      source.outgoing.push(id);
      target.incoming.push(id);
    }
    for (const element of Object.values(this.elements)) {
      if (element.kind === 'exclusiveGateway' || element.kind === 'inclusiveGateway') {
        if (element.defaultFlow && !element.outgoing.includes(element.defaultFlow)) {
          this.problem(element.id, `default flow '${element.defaultFlow}' is not an outgoing flow of '${element.id}'`);
        }
        if (element.outgoing.length > 1 || element.kind === 'inclusiveGateway') {
          for (const flowId of element.outgoing) {
            if (!this.flows[flowId].condition && flowId !== element.defaultFlow && element.outgoing.length > 1) {
              this.problem(flowId, `outgoing flow '${flowId}' of gateway '${element.id}' has no condition and is not the default`);
            }
          }
        }
      }
      if (element.kind === 'parallelGateway') {
        for (const flowId of element.outgoing) {
          if (this.flows[flowId].condition) this.problem(flowId, 'conditions on flows out of a parallel gateway are not supported');
        }
      }
      if (element.kind === 'eventBasedGateway') {
        element.eventTargets = element.outgoing.map((f) => this.flows[f].targetId);
        for (const targetId of element.eventTargets) {
          const target = this.elements[targetId];
          const ok =
            (target.kind === 'intermediateCatchEvent' && target.event !== undefined) || target.kind === 'receiveTask';
          if (!ok || target.incoming.length !== 1) {
            this.problem(element.id, `event-based gateway '${element.id}' must lead only to catch events or receive tasks ('${targetId}')`);
          }
        }
        if (element.eventTargets.length < 2) this.problem(element.id, 'an event-based gateway needs at least two outgoing flows');
      }
      if (element.kind === 'boundaryEvent' && element.attachedTo) {
        const host = this.elements[element.attachedTo];
        if (!host) {
          this.problem(element.id, `boundary event '${element.id}' is attached to a missing or unsupported element`);
        } else if (!isActivityKind(host.kind)) {
          this.problem(element.id, `boundary event '${element.id}' must be attached to an activity`);
        } else {
          (host.boundaryIds ??= []).push(element.id);
        }
      }
      if (element.kind === 'boundaryEvent' && element.incoming.length > 0) {
        this.problem(element.id, 'a boundary event cannot have incoming flows');
      }
      if (element.kind === 'startEvent' && element.incoming.length > 0) {
        this.problem(element.id, 'a start event cannot have incoming flows');
      }
      if (element.kind === 'endEvent' && element.outgoing.length > 0) {
        this.problem(element.id, 'an end event cannot have outgoing flows');
      }
    }
    this.computeReachability();
  }

  /** For each element, the inclusive joins of its scope it can still reach (for the inclusive join rule). */
  computeReachability(): void {
    const joins = Object.values(this.elements).filter((e) => e.kind === 'inclusiveGateway' && e.incoming.length > 1);
    if (joins.length === 0) return;
    const joinIds = new Set(joins.map((j) => j.id));
    for (const element of Object.values(this.elements)) {
      const seen = new Set<string>();
      const stack = [element.id];
      const reached: string[] = [];
      while (stack.length > 0) {
        const current = this.elements[stack.pop()!];
        if (!current) continue;
        const next = [...current.outgoing.map((f) => this.flows[f]?.targetId), ...(current.boundaryIds ?? [])];
        for (const n of next) {
          if (!n || seen.has(n)) continue;
          seen.add(n);
          if (joinIds.has(n)) reached.push(n);
          stack.push(n);
        }
      }
      if (reached.length > 0) element.reaches = reached;
    }
  }
}


const moddle = new BpmnModdle({ zeebe });

const EXECUTION_REFERENCES = new Set([
  'bpmn:sourceRef',
  'bpmn:targetRef',
  'bpmn:default',
  'bpmn:attachedToRef',
  'bpmn:messageRef',
  'bpmn:signalRef',
  'bpmn:errorRef',
  'bpmn:escalationRef',
]);

/**
 * Compiles BPMN 2.0 XML into executable process models, collecting every problem.
 * Never throws for bad input: malformed XML, DOCTYPE/ENTITY declarations and unsupported
 * content all become {@link Problem}s.
 * @param xml the BPMN XML text
 * @param resourceName the resource (file) name, used in problems
 */
export async function compileBpmn(xml: string, resourceName: string, options: CompileOptions = {}): Promise<CompileResult> {
  const problems: Problem[] = [];
  const result: CompileResult = { processes: [], messages: [], problems };
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    problems.push({ resource: resourceName, message: 'DOCTYPE and ENTITY declarations are not allowed in BPMN resources' });
    return result;
  }
  // Checked on the raw text, before the parser and the compiler's recursive walks see the nesting.
  if (xmlDepth(xml, XML_MAX_DEPTH) > XML_MAX_DEPTH) {
    problems.push({ resource: resourceName, message: `элементы XML вложены глубже ${XML_MAX_DEPTH} уровней` });
    return result;
  }
  let definitions: Node;
  try {
    const parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
    definitions = parsed.rootElement as unknown as Node;
    for (const warning of parsed.warnings as { message: string; property?: string; element?: Node; value?: string }[]) {
      // a dangling reference that changes execution (flow ends, default flow, boundary host, event refs)
      if (warning.property && EXECUTION_REFERENCES.has(warning.property)) {
        problems.push({
          resource: resourceName,
          elementId: warning.element?.id,
          message: `'${warning.element?.id}' references a missing element '${warning.value}' (${warning.property.replace('bpmn:', '')})`,
        });
      }
    }
  } catch (error) {
    problems.push({ resource: resourceName, message: `not a readable BPMN 2.0 document: ${(error as Error).message.split('\n')[0]}` });
    return result;
  }
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    problems.push({ resource: resourceName, message: 'not a BPMN 2.0 definitions document' });
    return result;
  }
  const actionTypes = new Set(options.actionTypes ?? BUILT_IN_ACTION_TYPES);
  const roots: Node[] = definitions.rootElements ?? [];
  // Modelling messages dynamically: messages are declared at definitions level.
  for (const root of roots) {
    if (root.$type === 'bpmn:Message' && root.name) {
      const subscription = (root.extensionElements?.values ?? []).find((v: Node) => v.$type === 'zeebe:Subscription');
      const info: MessageInfo = { id: root.id!, name: root.name };
      if (subscription?.correlationKey) info.correlationKey = subscription.correlationKey;
      result.messages.push(info);
    }
  }
  for (const root of roots) {
    if (root.$type !== 'bpmn:Process') continue;
    const compiler = new ProcessCompiler(resourceName, problems, actionTypes, options.feelLimits, options.probeFeel ?? true);
    const topLevel = compiler.scope(root, root.id!, false);
    compiler.finish();
    const startEvents: StartEventInfo[] = [];
    for (const id of topLevel) {
      const element = compiler.elements[id];
      if (element.kind !== 'startEvent' || !element.event) continue;
      const e = element.event;
      if (e.type === 'none') startEvents.push({ elementId: id, kind: 'none' });
      else if (e.type === 'message') startEvents.push({ elementId: id, kind: 'message', messageName: e.message.name });
      else if (e.type === 'timer') startEvents.push({ elementId: id, kind: 'timer', timer: e.timer });
      else if (e.type === 'signal') startEvents.push({ elementId: id, kind: 'signal', signalName: e.signalName });
    }
    if (topLevel.some((id) => compiler.elements[id].kind === 'startEvent') === false && topLevel.length > 0) {
      problems.push({ resource: resourceName, elementId: root.id, message: `process '${root.id}' has no start event` });
    }
    if (startEvents.filter((s) => s.kind === 'none').length > 1) {
      problems.push({ resource: resourceName, elementId: root.id, message: `process '${root.id}' has more than one none start event` });
    }
    result.processes.push({
      key: root.id!,
      name: root.name,
      isExecutable: root.isExecutable !== false,
      resource: resourceName,
      elements: compiler.elements,
      flows: compiler.flows,
      startEvents,
      eventSubProcessIds: topLevel.filter((id) => compiler.elements[id].kind === 'eventSubProcess'),
      formIds: [...compiler.formIds],
      candidateGroups: [...compiler.groups],
      calledProcessKeys: [...compiler.called],
    });
  }
  if (result.processes.length === 0) {
    problems.push({ resource: resourceName, message: 'the document contains no process' });
  }
  return result;
}
