import type { ProcessModel } from '../model/process-model.types.js';
import type { Effect, HistoryEntry } from './effects.types.js';
import type { ElementInstance, Incident, InstanceState } from './state.types.js';
import { StepFailure } from './step-failure.js';

/** What raising and resolving incidents needs. */
export interface IncidentHost {
  readonly model: ProcessModel;
  readonly state: InstanceState;
  newId(): string;
  emit(effect: Effect): void;
  history(entry: HistoryEntry): void;
  closeOwned(owner: ElementInstance, filter?: (elementId: string) => boolean): void;
}

/** Holds `ei` in an incident: the token stays, a retry re-runs `step`. */
export function raiseIncident(host: IncidentHost, ei: ElementInstance, step: Incident['step'], message: string, extra: Partial<Incident> = {}): void {
  const incident: Incident = { id: host.newId(), elementInstanceId: ei.id, elementId: ei.elementId, message, step, ...extra };
  host.state.incidents[incident.id] = incident;
  ei.status = 'incident';
  host.emit({
    type: 'incidentRaised',
    instanceId: host.state.instanceId,
    incidentId: incident.id,
    executionId: ei.id,
    elementId: ei.elementId,
    message,
    jobId: incident.jobId,
  });
  host.history({ kind: 'incidentRaised', incidentId: incident.id, elementId: ei.elementId, executionId: ei.id, message });
}

/** Removes an open incident (retried, or its element instance went away). */
export function resolveIncident(host: IncidentHost, incident: Incident): void {
  delete host.state.incidents[incident.id];
  host.emit({ type: 'incidentResolved', instanceId: host.state.instanceId, incidentId: incident.id });
  host.history({ kind: 'incidentResolved', incidentId: incident.id, elementId: incident.elementId, executionId: incident.elementInstanceId });
}

/**
 * Turns a {@link StepFailure} of `step` into an incident on `ei` (anything else is rethrown). A
 * failed activation first closes the waits it half-opened (an event-based gateway's first
 * subscriptions) — the retry opens them again; boundary events stay armed while the incident is open.
 */
export function failStep(host: IncidentHost, ei: ElementInstance, step: Incident['step'], error: unknown, extra: Partial<Incident> = {}): void {
  if (!(error instanceof StepFailure)) throw error;
  if (!host.state.elements[ei.id]) return; // it was terminated by what failed (e.g. an interrupting catch)
  if (step === 'activate') {
    const boundaryIds = host.model.elements[ei.elementId]?.boundaryIds ?? [];
    host.closeOwned(ei, (elementId) => !boundaryIds.includes(elementId));
  }
  raiseIncident(host, ei, step, error.message, extra);
}
