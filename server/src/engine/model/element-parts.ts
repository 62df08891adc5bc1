import { feelBody } from '../feel/feel-evaluator.js';
import { timerValueProblem } from '../timers/timer-spec.js';
import type { ActionModel, ElementKind, EventDefinitionModel, Mapping, MessageRef } from './process-model.types.js';
import type { CompilerContext, Node } from './compiler-context.js';

/** The input and output mappings of `zeebe:ioMapping` (each source checked). */
export function mappings(c: CompilerContext, node: Node, elementId: string): { inputs?: Mapping[]; outputs?: Mapping[] } {
  const io = c.ext(node, 'zeebe:IoMapping');
  if (!io) return {};
  const read = (list: Node[] | undefined, what: string): Mapping[] | undefined => {
    if (!list || list.length === 0) return undefined;
    return list.map((m) => {
      if (!m.target) c.problem(elementId, `${what} mapping without a target`);
      const source: string = m.source ?? '=null';
      c.checkValue(elementId, `${what} mapping '${m.target}'`, source);
      return { source, target: m.target ?? '' };
    });
  };
  return { inputs: read(io.inputParameters, 'input'), outputs: read(io.outputParameters, 'output') };
}

/** A message reference: its name and `zeebe:subscription` correlation key (required where it is caught). */
export function messageRef(c: CompilerContext, message: Node | undefined, elementId: string, needsKey: boolean): MessageRef | undefined {
  if (!message) {
    c.problem(elementId, 'message reference is missing');
    return undefined;
  }
  if (!message.name) {
    c.problem(elementId, `message '${message.id}' has no name`);
    return undefined;
  }
  c.checkValue(elementId, 'message name', message.name);
  const subscription = c.extensions(message).find((v) => v.$type === 'zeebe:Subscription');
  const correlationKey: string | undefined = subscription?.correlationKey;
  if (needsKey && !correlationKey) {
    c.problem(elementId, `message '${message.name}' needs a zeebe:subscription correlationKey to be caught here`);
  }
  if (correlationKey) c.checkFeel(elementId, 'correlation key', correlationKey);
  return { name: message.name, correlationKey };
}

/** The one event definition of an event (none, message, timer, signal, error, escalation, terminate). */
export function eventDefinition(c: CompilerContext, node: Node, kind: ElementKind, inEventSubProcess: boolean): EventDefinitionModel | undefined {
  const id = node.id!;
  const definitions: Node[] = node.eventDefinitions ?? [];
  if (definitions.length > 1) {
    c.problem(id, `multiple event definitions on '${id}' are not supported`);
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
      const message = messageRef(c, d.messageRef, id, needsKey);
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
        c.problem(id, 'a timer needs exactly one of timeDate, timeDuration, timeCycle');
        return undefined;
      }
      const [prop, type] = present[0];
      const value = String(d[prop].body ?? '').trim();
      const body = feelBody(value);
      if (body !== undefined) {
        c.checkFeelBody(id, `timer ${prop}`, body);
      } else {
        const error = timerValueProblem({ type, value });
        if (error) c.problem(id, `timer ${prop}: ${error}`);
      }
      return { type: 'timer', timer: { type, value } };
    }
    case 'bpmn:SignalEventDefinition': {
      const name: string | undefined = d.signalRef?.name;
      if (!name) {
        c.problem(id, 'signal reference without a name');
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
      c.problem(id, `event definition ${d.$type.replace('bpmn:', '')} on ${node.$type.replace('bpmn:', '')} '${id}' is not supported`);
      return undefined;
  }
}

/** The built-in action of `zeebe:taskDefinition` with its headers and retries. */
export function action(c: CompilerContext, node: Node, id: string, required: boolean): ActionModel | undefined {
  const definition = c.ext(node, 'zeebe:TaskDefinition');
  if (!definition) {
    if (required) c.problem(id, `'${id}' needs a zeebe:taskDefinition type naming a built-in action`);
    return undefined;
  }
  const type: string | undefined = definition.type;
  if (!type) {
    c.problem(id, 'zeebe:taskDefinition without a type');
    return undefined;
  }
  if (!c.actionTypes.has(type)) {
    c.problem(id, `unknown action type '${type}' (known: ${[...c.actionTypes].join(', ')})`);
  }
  const headers: Record<string, string> = {};
  for (const h of c.ext(node, 'zeebe:TaskHeaders')?.values ?? []) {
    if (h.key) headers[h.key] = h.value ?? '';
  }
  const retriesText = headers.retries ?? definition.retries;
  let retries = 3;
  if (retriesText !== undefined && retriesText !== '') {
    retries = Number(retriesText);
    if (!Number.isInteger(retries) || retries < 0) {
      c.problem(id, `retries '${retriesText}' is not a non-negative integer`);
      retries = 3;
    }
  }
  for (const [key, value] of Object.entries(headers)) c.checkValue(id, `header '${key}'`, value);
  return { type, headers, retries };
}
