import type { ElementModel, MessageRef, ProcessModel, TimerDefinition } from '../model/process-model.types.js';
import { nextTimerFiring } from '../timers/timer-spec.js';
import type { TimerSpec } from '../timers/timer-spec.js';
import type { CommandContext } from './command-context.types.js';
import type { Effect } from './effects.types.js';
import type { Json } from './json.types.js';
import type { ElementInstance, InstanceState, Job } from './state.types.js';
import { StepFailure } from './step-failure.js';

/**
 * What opening and closing waits needs: the state, ids, effects, and evaluation of Zeebe values
 * (message names, correlation keys, timer values) in the owner's scope.
 */
export interface WaitHost {
  readonly model: ProcessModel;
  readonly state: InstanceState;
  readonly ctx: CommandContext;
  newId(): string;
  emit(effect: Effect): void;
  element(id: string): ElementModel;
  /** @throws StepFailure */
  value(text: string, ei: ElementInstance): Json;
}

/** Opens a message subscription owned by `owner` for `catchElement` (name and correlation key evaluated now). */
export function openMessage(host: WaitHost, owner: ElementInstance, catchElement: ElementModel, message: MessageRef, interrupting: boolean): void {
  const name = String(host.value(message.name, owner));
  let correlationKey: string | undefined;
  if (message.correlationKey !== undefined) {
    const key = host.value(message.correlationKey.startsWith('=') ? message.correlationKey : `=${message.correlationKey}`, owner);
    if (key === null) throw new StepFailure(`correlation key of '${catchElement.id}' is null`);
    correlationKey = String(key);
  }
  const id = host.newId();
  host.state.subscriptions[id] = { id, kind: 'message', name, correlationKey, ownerId: owner.id, elementId: catchElement.id, interrupting };
  host.emit({
    type: 'subscriptionOpened',
    instanceId: host.state.instanceId,
    subscriptionId: id,
    kind: 'message',
    name,
    correlationKey,
    executionId: owner.id,
    elementId: catchElement.id,
    interrupting,
  });
}

/** Opens a signal subscription owned by `owner` for `catchElement`. */
export function openSignal(host: WaitHost, owner: ElementInstance, catchElement: ElementModel, name: string, interrupting: boolean): void {
  const id = host.newId();
  host.state.subscriptions[id] = { id, kind: 'signal', name, ownerId: owner.id, elementId: catchElement.id, interrupting };
  host.emit({
    type: 'subscriptionOpened',
    instanceId: host.state.instanceId,
    subscriptionId: id,
    kind: 'signal',
    name,
    executionId: owner.id,
    elementId: catchElement.id,
    interrupting,
  });
}

/** Evaluates a timer definition (FEEL results may be dates, durations or strings) into a static spec. */
export function evaluateTimer(host: WaitHost, timer: TimerDefinition, ei: ElementInstance): TimerSpec {
  const value = host.value(timer.value, ei);
  if (typeof value !== 'string') throw new StepFailure(`timer value ${JSON.stringify(value)} is not a date, duration or cycle`);
  return { type: timer.type, value };
}

/** Schedules the first firing of a timer owned by `owner` for `catchElement`. */
export function scheduleTimer(host: WaitHost, owner: ElementInstance, catchElement: ElementModel, timer: TimerDefinition, interrupting: boolean): void {
  const spec = evaluateTimer(host, timer, owner);
  let dueAt: Date | null;
  try {
    dueAt = nextTimerFiring(spec, host.ctx.now, host.ctx.timeZone, host.ctx.calendar, 0);
  } catch (error) {
    throw new StepFailure(`timer of '${catchElement.id}': ${(error as Error).message}`);
  }
  if (!dueAt) throw new StepFailure(`timer of '${catchElement.id}' never fires`);
  createTimerJob(host, owner, catchElement.id, { ...spec, fired: 0 }, dueAt, interrupting);
}

function createTimerJob(host: WaitHost, owner: ElementInstance, elementId: string, timer: Job['timer'], dueAt: Date, interrupting: boolean): void {
  const job: Job = { id: host.newId(), kind: 'timer', ownerId: owner.id, elementId, dueAt: dueAt.toISOString(), timer, interrupting };
  host.state.jobs[job.id] = job;
  host.emit({ type: 'jobCreated', instanceId: host.state.instanceId, jobId: job.id, kind: 'timer', executionId: owner.id, elementId, dueAt: job.dueAt });
}

/**
 * Removes a fired timer job; a repeating (non-interrupting) cycle gets its next firing. Returns the
 * owner still waiting for it, or undefined when it is gone.
 */
export function consumeTimer(host: WaitHost, job: Job): ElementInstance | undefined {
  delete host.state.jobs[job.id];
  host.emit({ type: 'jobRemoved', instanceId: host.state.instanceId, jobId: job.id });
  const owner = host.state.elements[job.ownerId];
  if (!owner) return undefined;
  if (job.interrupting === false && job.timer?.type === 'cycle') {
    const fired = job.timer.fired + 1;
    const next = nextTimerFiring(job.timer, new Date(job.dueAt!), host.ctx.timeZone, host.ctx.calendar, fired);
    if (next) createTimerJob(host, owner, job.elementId, { ...job.timer, fired }, next, false);
  }
  return owner;
}

/** Opens the wait of a catching element (message, timer or signal) owned by `owner`; other events open nothing. */
export function openWait(host: WaitHost, owner: ElementInstance, element: ElementModel, interrupting: boolean): void {
  const event = element.event;
  if (event?.type === 'message') openMessage(host, owner, element, event.message, interrupting);
  else if (event?.type === 'timer') scheduleTimer(host, owner, element, event.timer, interrupting);
  else if (event?.type === 'signal') openSignal(host, owner, element, event.signalName, interrupting);
}

/** Arms the boundary events of a host instance, once per host instance (a retried activation must not open one twice). */
export function openBoundaries(host: WaitHost, ei: ElementInstance, element: ElementModel): void {
  for (const boundaryId of element.boundaryIds ?? []) {
    const armed =
      Object.values(host.state.subscriptions).some((s) => s.ownerId === ei.id && s.elementId === boundaryId) ||
      Object.values(host.state.jobs).some((j) => j.ownerId === ei.id && j.elementId === boundaryId);
    if (armed) continue;
    const boundary = host.element(boundaryId);
    openWait(host, ei, boundary, boundary.interrupting !== false);
  }
}

/** Opens the subscriptions of the message/timer/signal event sub-processes of a scope. */
export function openEventSubProcesses(host: WaitHost, scope: ElementInstance, eventSubProcessIds: string[]): void {
  for (const id of eventSubProcessIds) {
    const start = host.element(host.element(id).startEventId!);
    openWait(host, scope, start, start.interrupting !== false);
  }
}

/** Closes the subscriptions and jobs owned by an instance (optionally only those of some catch elements). */
export function closeOwned(host: Pick<WaitHost, 'state' | 'emit'>, owner: ElementInstance, filter: (elementId: string) => boolean = () => true): void {
  for (const s of Object.values(host.state.subscriptions)) {
    if (s.ownerId !== owner.id || !filter(s.elementId)) continue;
    delete host.state.subscriptions[s.id];
    host.emit({ type: 'subscriptionClosed', instanceId: host.state.instanceId, subscriptionId: s.id });
  }
  for (const j of Object.values(host.state.jobs)) {
    if (j.ownerId !== owner.id || !filter(j.elementId)) continue;
    delete host.state.jobs[j.id];
    host.emit({ type: 'jobRemoved', instanceId: host.state.instanceId, jobId: j.id });
  }
}
