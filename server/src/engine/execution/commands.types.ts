import type { JsonObject } from './json.types.js';

/** Start a new instance (at the none start event unless `startEventId` names a message/timer/signal start). */
export interface StartInstanceCommand {
  type: 'startInstance';
  /** Optional id for the instance; else one from the id generator. */
  instanceId?: string;
  startEventId?: string;
  variables?: JsonObject;
  businessKey?: string;
  initiator?: string;
  /** Set when the instance is started for a call activity. */
  parent?: { instanceId: string; executionId: string };
}

/** The commands that act on an existing instance. */
export type InstanceCommand =
  | { type: 'completeUserTask'; taskId: string; variables?: JsonObject }
  | { type: 'triggerSubscription'; subscriptionId: string; variables?: JsonObject }
  | { type: 'fireTimer'; jobId: string }
  | { type: 'completeJob'; jobId: string; variables?: JsonObject }
  | { type: 'failJob'; jobId: string; message: string; retries?: number }
  | { type: 'throwJobError'; jobId: string; errorCode: string; message?: string; variables?: JsonObject }
  | {
      type: 'childInstanceEnded';
      executionId: string;
      outcome: 'completed' | 'terminated' | 'error';
      variables?: JsonObject;
      code?: string;
      message?: string;
    }
  /** An escalation the called instance of this call activity did not catch (see `escalationPropagated`). */
  | { type: 'childEscalated'; executionId: string; code?: string }
  | { type: 'cancelInstance' }
  | { type: 'setVariables'; executionId?: string; variables: JsonObject; local?: boolean }
  | { type: 'retryIncident'; incidentId: string };

/** Every command. */
export type Command = StartInstanceCommand | InstanceCommand;
