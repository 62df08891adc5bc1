import { createRequire } from 'node:module';
import * as feelin from 'feelin';
import { FeelRange } from 'feelin';
import { FeelError } from './feel-error.js';

/**
 * Bounds of one FEEL evaluation. An expression that needs more is cut with a {@link FeelBudgetError}:
 * refused at deploy when it blows up without data, an incident naming the element at run time.
 */
export interface FeelLimits {
  /** Evaluation steps: expression nodes evaluated plus elements of every list or range built. */
  maxSteps: number;
  /** Elements of one list or range. */
  maxItems: number;
  /** Characters of one string value. */
  maxStringLength: number;
  /** Nesting of evaluation (deep expressions, recursive functions). */
  maxDepth: number;
  /** Wall-clock time of one evaluation, in milliseconds (a last resort: the step bound cuts first). */
  maxMillis: number;
}

/**
 * Defaults that no regulation needs to raise: a regulation's expressions evaluate in tens to a few
 * thousand steps over lists of at most a few hundred items (participants, programmes, documents).
 */
export const DEFAULT_FEEL_LIMITS: Readonly<FeelLimits> = Object.freeze({
  maxSteps: 200_000,
  maxItems: 50_000,
  maxStringLength: 1_000_000,
  maxDepth: 300,
  maxMillis: 250,
});

/** Which bound was exceeded, in Russian, for the message. */
const LIMIT_NAMES: Record<keyof FeelLimits, string> = {
  maxSteps: 'число шагов вычисления',
  maxItems: 'размер списка или диапазона',
  maxStringLength: 'длина строки',
  maxDepth: 'глубина вложенности вычисления',
  maxMillis: 'время вычисления, мс',
};

/**
 * An evaluation cut because it exceeded one of its {@link FeelLimits}, or refused before it could
 * (`limit: 'regexp'`: a regular expression whose matching may take exponential time).
 */
export class FeelBudgetError extends FeelError {
  constructor(
    readonly limit: keyof FeelLimits | 'regexp',
    readonly bound: number | string,
    expression: string,
  ) {
    const text = expression.length > 200 ? `${expression.slice(0, 200)}…` : expression;
    super(
      limit === 'regexp'
        ? `выражение FEEL «${text}» отклонено: регулярное выражение «${bound}» может проверяться экспоненциально долго (вложенные повторения)`
        : `выражение FEEL «${text}» прервано: превышен предел «${LIMIT_NAMES[limit]}» (${bound})`,
    );
  }
}

/** How often (in steps) the clock is read. */
const CLOCK_EVERY = 32;

/** The bookkeeping of one running evaluation. */
class Budget {
  steps = 0;
  depth = 0;
  private readonly deadline: number;
  /** Lists already counted (a variable read twice is one list, built once). */
  private readonly counted = new WeakSet<object>();

  constructor(
    readonly limits: FeelLimits,
    readonly expression: string,
  ) {
    this.deadline = performance.now() + limits.maxMillis;
  }

  fail(limit: keyof FeelLimits): never {
    throw new FeelBudgetError(limit, this.limits[limit], this.expression);
  }

  step(count = 1): void {
    const before = this.steps;
    this.steps += count;
    if (this.steps > this.limits.maxSteps) this.fail('maxSteps');
    // read the clock whenever a multiple of CLOCK_EVERY is passed
    if (Math.floor(before / CLOCK_EVERY) !== Math.floor(this.steps / CLOCK_EVERY) && performance.now() > this.deadline) this.fail('maxMillis');
  }

  value(value: unknown): void {
    if (typeof value === 'string') {
      if (value.length > this.limits.maxStringLength) this.fail('maxStringLength');
    } else if (Array.isArray(value) && !this.counted.has(value)) {
      if (value.length > this.limits.maxItems) this.fail('maxItems');
      this.counted.add(value);
      this.step(value.length);
    }
  }
}

let current: Budget | null = null;

type EvalFn = (...args: unknown[]) => unknown;

/** Wraps one evaluation function of feelin's execution tree: a step, the depth, the size of its value. */
function wrapStep(fn: EvalFn): EvalFn {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const budget = current;
    if (budget === null) return fn.apply(this, args);
    budget.step();
    if (++budget.depth > budget.limits.maxDepth) {
      budget.depth--;
      budget.fail('maxDepth');
    }
    try {
      const value = fn.apply(this, args);
      budget.value(value);
      return value;
    } finally {
      budget.depth--;
    }
  };
  // keep the tags feelin reads from its evaluation functions (`type`, `toString`)
  return Object.assign(wrapped, fn);
}

const setEvaluationHook = (feelin as { setEvaluationHook?: (hook: ((fn: EvalFn) => EvalFn) | null) => void }).setEvaluationHook;

/**
 * Whether feelin carries the evaluation hook (patches/feelin+*.patch, applied by `npm ci` through
 * patch-package). Without it only ranges and results are bounded, not the steps in between.
 */
export const feelStepHookInstalled = typeof setEvaluationHook === 'function';
if (feelStepHookInstalled) setEvaluationHook!(wrapStep);
else process.emitWarning('feelin is not patched (run `npm ci` or `npx patch-package`): FEEL steps are not bounded', 'FeelBudgetWarning');

// A regular expression (matches, replace, split) runs inside one builtin call, where steps are not
// counted: a pattern with nested repetition (`(a+)+`) can backtrack for hours on a short text.
// Such patterns are refused before they are compiled (safe-regex2: star height above 1).
// (Loaded lazily so that a checkout whose node_modules predate it still starts: `npm ci` adds it.)
type RegexpGuard = (pattern: string) => void;
const setRegexpGuard = (feelin as { setRegexpGuard?: (guard: RegexpGuard | null) => void }).setRegexpGuard;
let safeRegex: ((pattern: string) => boolean) | undefined;
try {
  safeRegex = createRequire(import.meta.url)('safe-regex2') as (pattern: string) => boolean;
} catch {
  process.emitWarning('safe-regex2 is not installed (run `npm ci`): FEEL regular expressions are not checked', 'FeelBudgetWarning');
}
/** Whether regular expressions are checked (the patched feelin and safe-regex2 are installed). */
export const feelRegexpGuardInstalled = typeof setRegexpGuard === 'function' && safeRegex !== undefined;
if (safeRegex) {
  const isSafe = safeRegex;
  setRegexpGuard?.((pattern) => {
    if (current !== null && !isSafe(pattern)) throw new FeelBudgetError('regexp', pattern, current.expression);
  });
}

// Ranges are enumerated by `FeelRange.map` (for, some, every over `a..b`): refuse a range larger than
// the bound before building anything, and count each element (a fractional range never meets its end).
const rangeMap = FeelRange.prototype.map;
FeelRange.prototype.map = function map<T>(this: FeelRange, fn: (value: unknown) => T): T[] {
  const budget = current;
  if (budget === null) return rangeMap.call(this, fn) as T[];
  const { start, end } = this;
  if (typeof start === 'number' && typeof end === 'number' && Math.abs(end - start) + 1 > budget.limits.maxItems) budget.fail('maxItems');
  let items = 0;
  return rangeMap.call(this, (value: unknown) => {
    if (++items > budget.limits.maxItems) budget.fail('maxItems');
    budget.step();
    return fn(value);
  }) as T[];
};

/**
 * Runs `evaluate` under a budget for `expression`; nested evaluations get their own budget.
 * @throws FeelBudgetError when a bound is exceeded
 */
export function withinBudget<T>(expression: string, limits: FeelLimits, evaluate: () => T): T {
  const outer = current;
  const budget = new Budget(limits, expression);
  current = budget;
  try {
    const value = evaluate();
    budget.value(value);
    return value;
  } catch (error) {
    // a stack overflow inside the evaluation is a depth bound too
    if (error instanceof RangeError && /call stack/i.test(error.message)) budget.fail('maxDepth');
    if (error instanceof RangeError && /string length|array length/i.test(error.message)) budget.fail('maxStringLength');
    throw error;
  } finally {
    current = outer;
  }
}
