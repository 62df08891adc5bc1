/**
 * Thrown by a behaviour when a step cannot proceed (expression error, unhandled BPMN error, failed
 * action). The runner turns it into an incident on the element instance and keeps the token there.
 */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
}

/** Thrown for a command that does not fit the state (unknown task, ended instance…): a caller error, nothing changed. */
export class EngineCommandError extends Error {
  override readonly name = 'EngineCommandError';
}
