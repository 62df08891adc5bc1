import type { CommandContext } from '../execution/command-context.types.js';
import type { Effect } from '../execution/effects.types.js';
import type { JsonObject } from '../execution/json.types.js';

/** What a built-in action receives. Header values that start with `=` are already evaluated as FEEL. */
export interface ActionInput {
  instanceId: string;
  executionId: string;
  elementId: string;
  headers: JsonObject;
  /** The variables visible from the task (including its input mappings). */
  variables: JsonObject;
  /** The task's local (input-mapped) variables. */
  localVariables: JsonObject;
  ctx: CommandContext;
}

/** What a synchronous action returns: variables to complete the task with and effects to emit. */
export interface ActionResult {
  variables?: JsonObject;
  effects?: Effect[];
}

/**
 * A built-in action registered by key (`zeebe:taskDefinition type`).
 * `sync` actions run inside the command; `async` ones become a job that the outer layer performs and
 * reports back with `completeJob` / `failJob` / `throwJobError`.
 */
export type ActionHandler =
  | { type: string; mode: 'sync'; run(input: ActionInput): ActionResult }
  | { type: string; mode: 'async' };

/** The action registry: handlers by type key. */
export type ActionRegistry = Record<string, ActionHandler>;
