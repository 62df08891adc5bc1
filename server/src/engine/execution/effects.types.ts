import type { Json, JsonObject } from './json.types.js';

/** A history entry; every effect batch carries these for the append-only history tables. */
export type HistoryEntry =
  | { kind: 'elementActivated' | 'elementCompleted' | 'elementTerminated'; elementId: string; elementType: string; name?: string; executionId: string }
  | { kind: 'taskCreated'; taskId: string; elementId: string; name?: string; executionId: string }
  | { kind: 'taskCompleted'; taskId: string; elementId: string; executionId: string; userId?: string }
  | { kind: 'variablesChanged'; executionId: string; variables: JsonObject }
  | { kind: 'incidentRaised'; incidentId: string; elementId: string; executionId: string; message: string }
  | { kind: 'incidentResolved'; incidentId: string; elementId: string; executionId: string }
  | { kind: 'instanceStarted'; processKey: string; businessKey?: string; initiator?: string }
  | { kind: 'instanceEnded'; outcome: InstanceOutcome };

/** How an instance ended. */
export type InstanceOutcome = 'completed' | 'terminated' | 'error';

/**
 * What the persistence layer must do after a command, in order. Every effect carries the instance id;
 * times are ISO instants from the command context.
 */
export type Effect =
  /** A user task became active: insert a task row. */
  | {
      type: 'userTaskCreated';
      instanceId: string;
      taskId: string;
      elementId: string;
      name?: string;
      executionId: string;
      candidateGroups: string[];
      candidateUsers: string[];
      assignee?: string;
      dueAt?: string;
      followUpAt?: string;
      formId?: string;
      variables: JsonObject;
    }
  /** The task was completed by a user (command `completeUserTask`). */
  | { type: 'userTaskCompleted'; instanceId: string; taskId: string; userId?: string; variables: JsonObject }
  /** The task's activity was terminated (boundary event, cancel, terminate end…): remove the task row. */
  | { type: 'userTaskCancelled'; instanceId: string; taskId: string }
  /** A timer (with `dueAt`) or an async action job (with `actionType`, `input`, `retries`) to run later. */
  | {
      type: 'jobCreated';
      instanceId: string;
      jobId: string;
      kind: 'timer' | 'action';
      executionId: string;
      elementId: string;
      dueAt?: string;
      actionType?: string;
      input?: JsonObject;
      retries?: number;
    }
  /** A failed action job still has retries: the worker retries it (with back-off). */
  | { type: 'jobRetryScheduled'; instanceId: string; jobId: string; retries: number; message: string }
  /** The job is gone (fired, completed, or its owner ended): delete its row. */
  | { type: 'jobRemoved'; instanceId: string; jobId: string }
  /** Open a message (name + correlation key) or signal (name) subscription. */
  | {
      type: 'subscriptionOpened';
      instanceId: string;
      subscriptionId: string;
      kind: 'message' | 'signal';
      name: string;
      correlationKey?: string;
      executionId: string;
      elementId: string;
      interrupting: boolean;
    }
  | { type: 'subscriptionClosed'; instanceId: string; subscriptionId: string }
  | { type: 'incidentRaised'; instanceId: string; incidentId: string; executionId: string; elementId: string; message: string; jobId?: string }
  | { type: 'incidentResolved'; instanceId: string; incidentId: string }
  /** A call activity wants a child instance of `processKey` started with `variables` (child's parent = this execution). */
  | { type: 'callActivityStartRequested'; instanceId: string; executionId: string; elementId: string; processKey: string; variables: JsonObject; businessKey?: string }
  /** A call activity was terminated: cancel its child instance (found by parent execution id). */
  | { type: 'childInstanceCancelRequested'; instanceId: string; executionId: string }
  /** The instance ended; when it has a parent, the layer sends `childInstanceEnded` to the parent instance. */
  | {
      type: 'instanceEnded';
      instanceId: string;
      outcome: InstanceOutcome;
      variables: JsonObject;
      errorCode?: string;
      errorMessage?: string;
      parent?: { instanceId: string; executionId: string };
    }
  /**
   * An escalation nobody caught in this called instance: the layer sends `childEscalated` to the
   * parent instance, whose call activity may catch it with a boundary or event sub-process.
   */
  | { type: 'escalationPropagated'; instanceId: string; code?: string; parent: { instanceId: string; executionId: string } }
  /** Broadcast a signal to every signal subscription (this instance's included) and signal start event. */
  | { type: 'signalBroadcast'; instanceId: string; name: string; variables: JsonObject }
  /** Publish a message (correlate to a subscription or start a process by message start). */
  | { type: 'messagePublished'; instanceId: string; name: string; correlationKey?: string; variables: JsonObject }
  /** The `notify` action asks the notification module to notify role holders and users. */
  | { type: 'notificationRequested'; instanceId: string; executionId: string; elementId: string; roles: string[]; users: string[]; subject: string; body: string; data: Json }
  /** An append-only history row at `at` (the command time). */
  | { type: 'history'; instanceId: string; at: string; userId?: string; entry: HistoryEntry };

/** The discriminant of {@link Effect}. */
export type EffectType = Effect['type'];
