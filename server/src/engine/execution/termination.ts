import type { ProcessModel } from '../model/process-model.types.js';
import type { Effect, HistoryEntry, InstanceOutcome } from './effects.types.js';
import type { ElementInstance, Incident, InstanceState } from './state.types.js';

/** The kind of the root element instance (the process itself). */
export const ROOT_KIND = 'process';

/** What terminating element instances and ending the instance needs. */
export interface TerminationHost {
  readonly model: ProcessModel;
  readonly state: InstanceState;
  emit(effect: Effect): void;
  history(entry: HistoryEntry): void;
  children(scopeId: string): ElementInstance[];
  closeOwned(owner: ElementInstance): void;
  resolveIncident(incident: Incident): void;
  clearJoins(scopeId: string): void;
  /** Forgets every join and pending flow of the instance. */
  resetJoins(): void;
  /** Runs the `terminated` hook of the instance's behaviour (a user task's row, a called instance). */
  terminatedHook(ei: ElementInstance): void;
}

/** Terminates `ei` and everything under it: waits, the behaviour's own (tasks, called instances), incidents, joins. */
export function terminate(host: TerminationHost, ei: ElementInstance): void {
  for (const child of host.children(ei.id)) terminate(host, child);
  host.closeOwned(ei);
  host.terminatedHook(ei);
  for (const incident of Object.values(host.state.incidents)) {
    if (incident.elementInstanceId === ei.id) host.resolveIncident(incident);
  }
  host.clearJoins(ei.id);
  const element = host.model.elements[ei.elementId];
  host.history({ kind: 'elementTerminated', elementId: ei.elementId, elementType: ei.kind, name: element?.name, executionId: ei.id });
  delete host.state.elements[ei.id];
}

/** Ends the instance: terminates what is left, closes the root's waits and incidents, emits `instanceEnded`. */
export function endInstance(host: TerminationHost, outcome: InstanceOutcome, error?: { code?: string; message?: string }): void {
  const root = host.state.elements[host.state.instanceId];
  for (const child of host.children(root.id)) terminate(host, child);
  host.closeOwned(root);
  for (const incident of Object.values(host.state.incidents)) host.resolveIncident(incident);
  host.state.status = outcome === 'completed' ? 'completed' : 'terminated';
  const kind = outcome === 'completed' ? 'elementCompleted' : 'elementTerminated';
  host.history({ kind, elementId: root.elementId, elementType: ROOT_KIND, executionId: root.id });
  host.history({ kind: 'instanceEnded', outcome });
  host.emit({
    type: 'instanceEnded',
    instanceId: host.state.instanceId,
    outcome,
    variables: { ...root.variables },
    errorCode: error?.code,
    errorMessage: error?.message,
    parent: host.state.parent,
  });
  host.state.joins = {};
  host.resetJoins();
  delete host.state.elements[root.id];
}
