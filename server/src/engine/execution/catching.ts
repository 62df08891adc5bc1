import type { ElementModel, ProcessModel } from '../model/process-model.types.js';
import type { Effect, InstanceOutcome } from './effects.types.js';
import type { JsonObject } from './json.types.js';
import type { ElementInstance, InstanceState } from './state.types.js';
import { ROOT_KIND } from './termination.js';

/** What catching events needs: the scope tree, and activating, terminating and ending. */
export interface CatchHost {
  readonly model: ProcessModel;
  readonly state: InstanceState;
  emit(effect: Effect): void;
  element(id: string): ElementModel;
  parentOf(ei: ElementInstance): ElementInstance;
  children(scopeId: string): ElementInstance[];
  activate(scope: ElementInstance, element: ElementModel, options?: { triggeredWith?: JsonObject }): void;
  terminate(ei: ElementInstance): void;
  closeOwned(owner: ElementInstance, filter?: (elementId: string) => boolean): void;
  clearJoins(scopeId: string): void;
  checkScope(scope: ElementInstance): void;
  endInstance(outcome: InstanceOutcome, error?: { code?: string; message?: string }): void;
}

type Catcher = { kind: 'boundary'; host: ElementInstance; element: ElementModel } | { kind: 'eventSubProcess'; scope: ElementInstance; start: ElementModel };

/** A boundary event of `host` fired: an interrupting one ends the host first; the boundary token then leaves at once. */
export function boundaryTriggered(h: CatchHost, host: ElementInstance, boundary: ElementModel, variables: JsonObject): void {
  const scope = h.parentOf(host);
  if (boundary.interrupting !== false) h.terminate(host);
  h.activate(scope, boundary, { triggeredWith: variables });
}

/** The start event of an event sub-process of `scope` fired (an interrupting one ends the scope's other tokens first). */
export function eventSubProcessTriggered(h: CatchHost, scope: ElementInstance, start: ElementModel, variables: JsonObject): void {
  if (scope.interrupted) return;
  const eventSubProcess = h.element(start.scopeId);
  if (start.interrupting !== false) {
    // an interrupting event sub-process ends every other token of the scope and its other event sub-process triggers
    scope.interrupted = true;
    h.closeOwned(scope, (id) => h.model.elements[id]?.kind === 'startEvent');
    for (const child of h.children(scope.id)) h.terminate(child);
    h.clearJoins(scope.id);
  }
  h.activate(scope, eventSubProcess, { triggeredWith: variables });
  h.checkScope(scope);
}

function eventSubProcessIdsOf(h: CatchHost, scope: ElementInstance): string[] {
  if (scope.kind === ROOT_KIND) return h.model.eventSubProcessIds;
  if (scope.kind === 'subProcess' || scope.kind === 'eventSubProcess') return h.element(scope.elementId).eventSubProcessIds ?? [];
  return [];
}

/**
 * Finds the nearest catcher of an error or escalation: walking up from `from`, at each scope its
 * event sub-processes (not the one we came from), then the boundary events of the activity.
 */
function findCatcher(h: CatchHost, from: ElementInstance, type: 'error' | 'escalation', code: string | undefined): Catcher | null {
  // an exact code match wins over a catch-all at the same level (Zeebe)
  const codeOf = (element: ElementModel): string | undefined | null => {
    const e = element.event;
    if (!e || e.type !== type) return null;
    return e.type === 'error' ? e.errorCode : e.type === 'escalation' ? e.escalationCode : null;
  };
  const best = (candidates: ElementModel[]): ElementModel | undefined =>
    candidates.find((c) => codeOf(c) === code && code !== undefined) ?? candidates.find((c) => codeOf(c) === undefined);
  let previous: ElementInstance | undefined;
  for (let cur: ElementInstance | undefined = from; cur; previous = cur, cur = cur.parentId ? h.state.elements[cur.parentId] : undefined) {
    const cameFromEventSubProcess = previous?.kind === 'eventSubProcess';
    if (!cameFromEventSubProcess && !cur.interrupted) {
      const start = best(eventSubProcessIdsOf(h, cur).map((id) => h.element(h.element(id).startEventId!)));
      if (start) return { kind: 'eventSubProcess', scope: cur, start };
    }
    if (cur.kind !== ROOT_KIND && cur.itemIndex === undefined) {
      const boundary = best((h.element(cur.elementId).boundaryIds ?? []).map((id) => h.element(id)));
      if (boundary) return { kind: 'boundary', host: cur, element: boundary };
    }
  }
  return null;
}

function deliver(h: CatchHost, catcher: Catcher): void {
  if (catcher.kind === 'boundary') boundaryTriggered(h, catcher.host, catcher.element, {});
  else eventSubProcessTriggered(h, catcher.scope, catcher.start, {});
}

/**
 * Throws a BPMN error from `from` to its nearest catcher; uncaught in a called instance, it ends the
 * instance and goes on to the parent's call activity. False when nothing catches it (the caller raises an incident).
 */
export function throwError(h: CatchHost, from: ElementInstance, code: string | undefined, message?: string): boolean {
  const catcher = findCatcher(h, from, 'error', code);
  if (catcher) {
    deliver(h, catcher);
    return true;
  }
  if (h.state.parent) {
    // uncaught here: the error ends this called instance and goes on to the parent's call activity
    h.endInstance('error', { code, message });
    return true;
  }
  return false;
}

/** Throws an escalation from `from`; returns whether the thrower was interrupted (terminated). */
export function throwEscalation(h: CatchHost, from: ElementInstance, code: string | undefined): boolean {
  const catcher = findCatcher(h, from, 'escalation', code);
  if (catcher) deliver(h, catcher);
  else if (h.state.parent) {
    // Uncaught in a called instance: it goes on to the parent's call activity; this instance continues.
    h.emit({ type: 'escalationPropagated', instanceId: h.state.instanceId, code, parent: h.state.parent });
  }
  return !h.state.elements[from.id];
}
