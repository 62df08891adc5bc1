/**
 * The BPMN 2.0 execution core: compile (deploy time) and execute (pure commands → state + effects).
 * See README.md in this folder.
 */
export { compileBpmn } from './model/compile-bpmn.js';
export type { CompileOptions } from './model/compile-bpmn.js';
export * from './model/process-model.types.js';
export { Engine } from './engine.js';
export type { CommandResult, EngineOptions } from './engine.js';
export type { Command, InstanceCommand, StartInstanceCommand } from './execution/commands.types.js';
export type { CommandContext } from './execution/command-context.types.js';
export type { Effect, EffectType, HistoryEntry, InstanceOutcome } from './execution/effects.types.js';
export type { ElementInstance, Incident, InstanceState, Job, Subscription } from './execution/state.types.js';
export type { Json, JsonObject } from './execution/json.types.js';
export { EngineCommandError, StepFailure } from './execution/step-failure.js';
export { assertNoReservedVariables, RESERVED_VARIABLES, ReservedVariableError, reservedVariablesIn } from './execution/reserved-variables.js';
export type { WorkingCalendar, FeelEnvironment } from './feel/feel-evaluator.js';
export { evaluateFeel, FeelError } from './feel/feel-evaluator.js';
export { DEFAULT_FEEL_LIMITS, FeelBudgetError } from './feel/feel-budget.js';
export type { FeelLimits } from './feel/feel-budget.js';
export { feelBudgetProblem } from './feel/feel-budget-probe.js';
export { nextTimerFiring, timerValueProblem } from './timers/timer-spec.js';
export type { TimerSpec } from './timers/timer-spec.js';
export type { ActionHandler, ActionInput, ActionRegistry, ActionResult } from './actions/action.types.js';
export { BUILT_IN_ACTIONS } from './actions/built-in-actions.registry.js';
export { BUILT_IN_ACTION_TYPES } from './actions/built-in-action-types.js';
