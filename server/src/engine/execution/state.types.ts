import type { TimerSpec } from '../timers/timer-spec.js';
import type { Json, JsonObject } from './json.types.js';

/**
 * One element instance ("execution"): the process instance itself, a scope (sub-process,
 * event sub-process, multi-instance body) or a token waiting in an activity, event or gateway.
 */
export interface ElementInstance {
  id: string;
  elementId: string;
  /** `process` for the root, `multiInstanceBody` for the body of a multi-instance activity, else the element kind. */
  kind: string;
  parentId: string | null;
  /** `active`, or `incident` while an incident holds it. */
  status: 'active' | 'incident';
  /** Local variables of this scope. */
  variables: JsonObject;
  /** The user task this instance waits on. */
  userTaskId?: string;
  /** The action job this instance waits on. */
  jobId?: string;
  /** Multi-instance item: its 0-based index in the input collection. */
  itemIndex?: number;
  /** Multi-instance body: item count, items started, items completed, and the evaluated input collection. */
  body?: { total: number; next: number; completed: number; collection: Json[] };
  /** A scope interrupted by an interrupting event sub-process takes no further event sub-process triggers. */
  interrupted?: boolean;
  /** Variables a catch event was triggered with (completed immediately on activation). */
  triggeredWith?: JsonObject;
}

/** A message or signal subscription owned by an element instance. */
export interface Subscription {
  id: string;
  kind: 'message' | 'signal';
  name: string;
  correlationKey?: string;
  /** The element instance that owns it (host activity, gateway, catch event, or scope for event sub-processes). */
  ownerId: string;
  /** The catching element (boundary event, catch event, receive task, event sub-process start event). */
  elementId: string;
  interrupting: boolean;
}

/** A timer or an asynchronous action job. */
export interface Job {
  id: string;
  kind: 'timer' | 'action';
  ownerId: string;
  elementId: string;
  dueAt?: string;
  /** Timers: the evaluated spec and how many times it fired (for cycles). */
  timer?: TimerSpec & { fired: number };
  interrupting?: boolean;
  actionType?: string;
  retries?: number;
}

/** An open incident on an element instance. */
export interface Incident {
  id: string;
  elementInstanceId: string;
  elementId: string;
  message: string;
  /** Which step to re-run on retry. */
  step: 'activate' | 'complete' | 'job' | 'throw';
  /** Completion variables to re-apply on retry of a `complete` step. */
  variables?: JsonObject;
  jobId?: string;
  errorCode?: string;
  /** Root incidents: the start event the instance was started at. */
  startEventId?: string;
}

/**
 * The whole state of one process instance: plain JSON, stored by the caller (JSONB) and handed back
 * with the next command.
 */
export interface InstanceState {
  instanceId: string;
  processKey: string;
  status: 'active' | 'completed' | 'terminated';
  businessKey?: string;
  initiator?: string;
  /** Set when a call activity started this instance. */
  parent?: { instanceId: string; executionId: string };
  /** All live element instances by id (the root's id is the instance id). */
  elements: Record<string, ElementInstance>;
  subscriptions: Record<string, Subscription>;
  jobs: Record<string, Job>;
  incidents: Record<string, Incident>;
  /** Tokens waiting at joining gateways: key `scopeInstanceId/gatewayId` → arrivals per incoming flow. */
  joins: Record<string, Record<string, number>>;
}
