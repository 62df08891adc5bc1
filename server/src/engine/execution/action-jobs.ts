import type { ActionRegistry } from '../actions/action.types.js';
import type { CompleteOptions } from '../behaviour.types.js';
import type { ActionModel } from '../model/process-model.types.js';
import type { CommandContext } from './command-context.types.js';
import type { Effect } from './effects.types.js';
import type { Json, JsonObject } from './json.types.js';
import type { ElementInstance, Incident, InstanceState, Job } from './state.types.js';
import { EngineCommandError, StepFailure } from './step-failure.js';

/** What running built-in actions and settling their jobs needs. */
export interface ActionHost {
  readonly state: InstanceState;
  readonly ctx: CommandContext;
  readonly actions: ActionRegistry;
  newId(): string;
  emit(effect: Effect): void;
  value(text: string, ei: ElementInstance): Json;
  visibleVariables(ei: ElementInstance): JsonObject;
  propagate(from: ElementInstance, variables: JsonObject): void;
  complete(ei: ElementInstance, options?: CompleteOptions): void;
  throwError(from: ElementInstance, code: string | undefined, message?: string): boolean;
  raiseIncident(ei: ElementInstance, step: Incident['step'], message: string, extra?: Partial<Incident>): void;
}

/** Runs a built-in action: a sync one completes `ei` with its result; an async one creates a job and waits. */
export function runAction(h: ActionHost, ei: ElementInstance, action: ActionModel): void {
  const handler = h.actions[action.type];
  if (!handler) throw new StepFailure(`no action registered for type '${action.type}'`);
  const headers: JsonObject = {};
  for (const [key, text] of Object.entries(action.headers)) headers[key] = h.value(text, ei);
  if (handler.mode === 'async') {
    const job: Job = { id: h.newId(), kind: 'action', ownerId: ei.id, elementId: ei.elementId, actionType: action.type, retries: action.retries };
    h.state.jobs[job.id] = job;
    ei.jobId = job.id;
    h.emit({
      type: 'jobCreated',
      instanceId: h.state.instanceId,
      jobId: job.id,
      kind: 'action',
      executionId: ei.id,
      elementId: ei.elementId,
      actionType: action.type,
      input: { ...headers, ...ei.variables },
      retries: action.retries,
    });
    return;
  }
  let result;
  try {
    result = handler.run({
      instanceId: h.state.instanceId,
      executionId: ei.id,
      elementId: ei.elementId,
      headers,
      variables: h.visibleVariables(ei),
      localVariables: { ...ei.variables },
      ctx: h.ctx,
    });
  } catch (error) {
    throw new StepFailure(`action '${action.type}' failed: ${(error as Error).message}`);
  }
  for (const effect of result.effects ?? []) h.emit(effect);
  h.complete(ei, { variables: result.variables });
}

function actionJob(state: InstanceState, jobId: string): { job: Job; ei: ElementInstance } {
  const job = state.jobs[jobId];
  if (!job || job.kind !== 'action') throw new EngineCommandError(`action job '${jobId}' does not exist`);
  const ei = state.elements[job.ownerId];
  if (!ei) throw new EngineCommandError(`the owner of job '${jobId}' is gone`);
  return { job, ei };
}

function removeJob(h: ActionHost, job: Job, ei: ElementInstance): void {
  delete h.state.jobs[job.id];
  delete ei.jobId;
  h.emit({ type: 'jobRemoved', instanceId: h.state.instanceId, jobId: job.id });
}

/** An async action succeeded: its element completes with the result. */
export function completeJob(h: ActionHost, jobId: string, variables: JsonObject = {}): void {
  const { job, ei } = actionJob(h.state, jobId);
  removeJob(h, job, ei);
  h.complete(ei, { variables });
}

/** An async action failed: retried while retries are left, else an incident (a retry runs the action again). */
export function failJob(h: ActionHost, jobId: string, message: string, retries?: number): void {
  const { job, ei } = actionJob(h.state, jobId);
  const left = retries ?? Math.max(0, (job.retries ?? 0) - 1);
  if (left > 0) {
    job.retries = left;
    h.emit({ type: 'jobRetryScheduled', instanceId: h.state.instanceId, jobId: job.id, retries: left, message });
    return;
  }
  removeJob(h, job, ei);
  h.raiseIncident(ei, 'job', message, { jobId: job.id });
}

/** An async action threw a BPMN error: thrown from its element; uncaught → incident. */
export function throwJobError(h: ActionHost, jobId: string, errorCode: string, message?: string, variables?: JsonObject): void {
  const { job, ei } = actionJob(h.state, jobId);
  removeJob(h, job, ei);
  if (variables) h.propagate(ei, variables);
  if (!h.throwError(ei, errorCode, message)) {
    h.raiseIncident(ei, 'throw', `unhandled BPMN error '${errorCode}'${message ? `: ${message}` : ''}`, { errorCode });
  }
}
