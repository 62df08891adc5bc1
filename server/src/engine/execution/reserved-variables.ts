import type { JsonObject } from './json.types.js';
import { EngineCommandError } from './step-failure.js';

/**
 * Variables that the engine or the server sets itself and that expressions trust: `initiator` (who
 * started the instance, e.g. `assignee="=initiator"`), `subject` (whom the case is about) and
 * `loopCounter` (the multi-instance item). No task completion, message, signal, action result or
 * set-variables may write them. The one list of them.
 */
export const RESERVED_VARIABLES: readonly string[] = Object.freeze(['initiator', 'subject', 'loopCounter']);

const RESERVED = new Set(RESERVED_VARIABLES);

/** The reserved names among the keys of `variables` (in their order). */
export function reservedVariablesIn(variables: object | null | undefined): string[] {
  if (!variables || typeof variables !== 'object') return [];
  return Object.keys(variables).filter((name) => RESERVED.has(name));
}

/** The end of a compiler problem about a write to a reserved variable (the deploy translates it). */
export const RESERVED_TARGET_PROBLEM = `writes a variable the engine sets itself (${RESERVED_VARIABLES.join(', ')})`;

/**
 * True when writing to `target` (a variable name, or a path `a.b` whose first segment is the
 * variable) would write a reserved variable: an output mapping, a script's result variable or a
 * multi-instance output collection so named is refused at deploy.
 */
export function isReservedTarget(target: string | undefined): boolean {
  if (!target) return false;
  return RESERVED.has(target.trim().split('.')[0].trim());
}

/** `variables` without the reserved names (what a called instance hands back to its parent). */
export function withoutReservedVariables(variables: JsonObject): JsonObject {
  if (!reservedVariablesIn(variables).length) return variables;
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !RESERVED.has(name)));
}

/** A command tried to write reserved variables; nothing was changed. */
export class ReservedVariableError extends EngineCommandError {
  constructor(readonly names: string[]) {
    super(`reserved variable(s) cannot be written: ${names.join(', ')}`);
  }
}

/** @throws ReservedVariableError naming every reserved variable in `variables` */
export function assertNoReservedVariables(variables: object | null | undefined): void {
  const names = reservedVariablesIn(variables);
  if (names.length) throw new ReservedVariableError(names);
}
