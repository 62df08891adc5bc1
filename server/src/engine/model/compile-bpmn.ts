import { BpmnModdle } from 'bpmn-moddle';
import { XML_MAX_DEPTH, xmlDepth } from '../../common/input-limits.js';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { BUILT_IN_ACTION_TYPES } from '../actions/built-in-action-types.js';
import type { FeelLimits } from '../feel/feel-evaluator.js';
import type { CompileResult, MessageInfo, Problem, StartEventInfo } from './process-model.types.js';

import type { Node } from './compiler-context.js';
import { finish } from './model-checks.js';
import { ProcessCompiler } from './process-compiler.js';

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
    if (!root.id?.trim()) {
      problems.push({ resource: resourceName, message: 'a process has no id (it is the process key)' });
      continue;
    }
    const compiler = new ProcessCompiler(resourceName, problems, actionTypes, options.feelLimits, options.probeFeel ?? true);
    const topLevel = compiler.scope(root, root.id!, false);
    finish(compiler);
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
