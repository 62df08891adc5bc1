import type { FlowModel } from './process-model.types.js';
import { isActivityKind } from './bpmn-kinds.js';
import type { CompilerContext } from './compiler-context.js';

/**
 * After every element of a process is read: resolves and checks the sequence flows, checks the
 * whole process, then computes which joins each element can reach.
 */
export function finish(c: CompilerContext): void {
  for (const { node, scopeId } of c.rawFlows) {
    const id = node.id as string;
    const sourceId: string | undefined = node.sourceRef?.id;
    const targetId: string | undefined = node.targetRef?.id;
    const language: string | undefined = node.conditionExpression?.language;
    if (language && !/feel/i.test(language)) {
      c.problem(id, `condition language '${language}' is not supported (conditions are FEEL)`);
    }
    const conditionText: string | undefined = node.conditionExpression?.body;
    const hasCondition = conditionText !== undefined && conditionText.trim() !== '';
    const condition = hasCondition ? c.checkFeel(id, 'condition', conditionText) : undefined;
    const source = sourceId ? c.elements[sourceId] : undefined;
    const target = targetId ? c.elements[targetId] : undefined;
    if (!source || !target) {
      // an unsupported endpoint is already reported; only report truly missing references
      // a dangling id is already reported from the parser's warnings; report a missing attribute here
      const reported = c.problems.some((p) => p.elementId === id && p.message.includes('references a missing element'));
      if ((!sourceId || !targetId) && !reported) c.problem(id, `sequence flow '${id}' has no ${!sourceId ? 'source' : 'target'}`);
      continue;
    }
    if (source.scopeId !== scopeId || target.scopeId !== scopeId) {
      c.problem(id, `sequence flow '${id}' crosses a scope boundary`);
    }
    const flow: FlowModel = { id, sourceId: source.id, targetId: target.id };
    if (condition !== undefined) {
      if (source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
        c.problem(id, `conditional sequence flow '${id}' out of ${source.kind} '${source.id}' is not supported (use a gateway)`);
      }
      flow.condition = condition;
    }
    c.flows[id] = flow;
    source.outgoing.push(id);
    target.incoming.push(id);
  }
  for (const element of Object.values(c.elements)) {
    if (element.kind === 'exclusiveGateway' || element.kind === 'inclusiveGateway') {
      if (element.defaultFlow && !element.outgoing.includes(element.defaultFlow)) {
        c.problem(element.id, `default flow '${element.defaultFlow}' is not an outgoing flow of '${element.id}'`);
      }
      if (element.outgoing.length > 1 || element.kind === 'inclusiveGateway') {
        for (const flowId of element.outgoing) {
          if (!c.flows[flowId].condition && flowId !== element.defaultFlow && element.outgoing.length > 1) {
            c.problem(flowId, `outgoing flow '${flowId}' of gateway '${element.id}' has no condition and is not the default`);
          }
        }
      }
    }
    if (element.kind === 'parallelGateway') {
      for (const flowId of element.outgoing) {
        if (c.flows[flowId].condition) c.problem(flowId, 'conditions on flows out of a parallel gateway are not supported');
      }
    }
    if (element.kind === 'eventBasedGateway') {
      element.eventTargets = element.outgoing.map((f) => c.flows[f].targetId);
      for (const targetId of element.eventTargets) {
        const target = c.elements[targetId];
        const ok =
          (target.kind === 'intermediateCatchEvent' && target.event !== undefined) || target.kind === 'receiveTask';
        if (!ok || target.incoming.length !== 1) {
          c.problem(element.id, `event-based gateway '${element.id}' must lead only to catch events or receive tasks ('${targetId}')`);
        }
      }
      if (element.eventTargets.length < 2) c.problem(element.id, 'an event-based gateway needs at least two outgoing flows');
    }
    if (element.kind === 'boundaryEvent' && element.attachedTo) {
      const host = c.elements[element.attachedTo];
      if (!host) {
        c.problem(element.id, `boundary event '${element.id}' is attached to a missing or unsupported element`);
      } else if (!isActivityKind(host.kind)) {
        c.problem(element.id, `boundary event '${element.id}' must be attached to an activity`);
      } else {
        (host.boundaryIds ??= []).push(element.id);
      }
    }
    if (element.kind === 'boundaryEvent' && element.incoming.length > 0) {
      c.problem(element.id, 'a boundary event cannot have incoming flows');
    }
    if (element.kind === 'startEvent' && element.incoming.length > 0) {
      c.problem(element.id, 'a start event cannot have incoming flows');
    }
    if (element.kind === 'endEvent' && element.outgoing.length > 0) {
      c.problem(element.id, 'an end event cannot have outgoing flows');
    }
  }
  computeReachability(c);
}

/** For each element, the inclusive joins of its scope it can still reach (for the inclusive join rule). */
/** For each element, the joining gateways (parallel, inclusive) it can reach along flows and boundary events. */
export function computeReachability(c: CompilerContext): void {
  const joins = Object.values(c.elements).filter((e) => e.kind === 'inclusiveGateway' && e.incoming.length > 1);
  if (joins.length === 0) return;
  const joinIds = new Set(joins.map((j) => j.id));
  for (const element of Object.values(c.elements)) {
    const seen = new Set<string>();
    const stack = [element.id];
    const reached: string[] = [];
    while (stack.length > 0) {
      const current = c.elements[stack.pop()!];
      if (!current) continue;
      const next = [...current.outgoing.map((f) => c.flows[f]?.targetId), ...(current.boundaryIds ?? [])];
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
