import { feelBudgetProblem } from '../feel/feel-budget-probe.js';
import type { FeelLimits } from '../feel/feel-evaluator.js';
import { feelBody, feelSyntaxError } from '../feel/feel-evaluator.js';
import { isReservedTarget, RESERVED_TARGET_PROBLEM } from '../execution/reserved-variables.js';
import { timerValueProblem } from '../timers/timer-spec.js';
import { splitList } from './split-list.js';
import type { ElementKind, ElementModel, FlowModel, Problem } from './process-model.types.js';

import { IGNORED_FLOW_ELEMENTS, IGNORED_ZEEBE, isActivityKind, KIND_BY_TYPE } from './bpmn-kinds.js';
import type { CompilerContext, Node } from './compiler-context.js';
import { action, eventDefinition, mappings, messageRef } from './element-parts.js';

export class ProcessCompiler implements CompilerContext {
  readonly elements: Record<string, ElementModel> = {};
  readonly flows: Record<string, FlowModel> = {};
  readonly formIds = new Set<string>();
  readonly groups = new Set<string>();
  readonly called = new Set<string>();
  readonly rawFlows: { node: Node; scopeId: string }[] = [];

  constructor(
    private readonly resource: string,
    readonly problems: Problem[],
    readonly actionTypes: ReadonlySet<string>,
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

  /** Compiles the flow elements of one scope (process or sub-process). Returns the element ids of the scope. */
  scope(container: Node, scopeId: string, inEventSubProcess: boolean): string[] {
    const ids: string[] = [];
    for (const node of (container.flowElements ?? []) as Node[]) {
      // everything is found by its id (tokens, flows, history): an element without one cannot run
      if (!node.id?.trim()) {
        this.problem(undefined, `a ${node.$type.replace('bpmn:', '')} in '${scopeId}' has no id`);
        continue;
      }
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
      const event = eventDefinition(this, node, kind, inEventSubProcess);
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
        element.action = action(this, node, id, true);
        break;
      case 'sendTask':
      case 'intermediateThrowEvent':
      case 'endEvent': {
        allowed.push('zeebe:TaskDefinition', 'zeebe:TaskHeaders');
        const isMessage = kind === 'sendTask' || element.event?.type === 'message';
        if (isMessage) element.action = action(this, node, id, false);
        if (element.event?.type === 'message' && !element.event.message.name && !element.action) {
          this.problem(id, `message ${kind} '${id}' needs a message reference or a zeebe:taskDefinition`);
        }
        if (kind === 'sendTask' && !element.action) {
          const message = messageRef(this, node.messageRef, id, false);
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
          element.action = action(this, node, id, false);
          if (!element.action) this.problem(id, `script task '${id}' needs a zeebe:script expression`);
        }
        break;
      }
      case 'receiveTask': {
        const message = messageRef(this, node.messageRef, id, true);
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
    Object.assign(element, mappings(this, node, id));
    this.checkReservedTargets(element);
    if (element.inputs && (kind === 'startEvent' || kind.endsWith('Gateway') || kind === 'boundaryEvent')) {
      this.problem(id, `input mappings are not supported on ${kind} '${id}'`);
    }
    this.checkExtensions(node, allowed);
    return element;
  }

  /**
   * Output mappings, a script's result variable and a multi-instance output collection write the
   * scope above the element: none may name a variable the engine sets (`initiator`, `subject`,
   * `loopCounter`), or a form field routed through a mapping could redirect `assignee="=initiator"`.
   */
  checkReservedTargets(element: ElementModel): void {
    const targets = [
      ...(element.outputs ?? []).map((m) => ['output mapping', m.target] as const),
      ['script resultVariable', element.script?.resultVariable] as const,
      ['multi-instance outputCollection', element.loop?.outputCollection] as const,
    ];
    for (const [what, target] of targets) {
      if (isReservedTarget(target)) this.problem(element.id, `${what} '${target}' ${RESERVED_TARGET_PROBLEM}`);
    }
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

}
