import { DEFAULT_FEEL_LIMITS, FeelBudgetError } from './feel-budget.js';
import type { FeelLimits } from './feel-budget.js';
import { evaluateFeel } from './feel-evaluator.js';
import type { FeelEnvironment } from './feel-evaluator.js';

// a fixed instant and a calendar of working days only: the probe must not depend on the machine
const PROBE_ENV: FeelEnvironment = { now: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC', calendar: { isWorkingDay: () => true } };

/**
 * Deploy-time check of one FEEL body: evaluates it once without variables (unknown names are null,
 * so only what the expression does by itself runs) and returns the message of an exceeded bound,
 * or null. Any other failure is left to run time, where data is present.
 */
export function feelBudgetProblem(body: string, limits: FeelLimits = DEFAULT_FEEL_LIMITS): string | null {
  try {
    evaluateFeel(body, {}, { ...PROBE_ENV, feelLimits: limits });
    return null;
  } catch (error) {
    return error instanceof FeelBudgetError ? error.message : null;
  }
}
