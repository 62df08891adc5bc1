import * as feelin from 'feelin';
import { date as feelDate, dateAndTime, evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime, parseExpression } from 'feelin';
import { DateTime } from 'luxon';
import type { Json, JsonObject } from '../execution/json.types.js';
import { fromIsoInZone, isoDateInZone } from '../timers/zoned-iso.js';
import { DEFAULT_FEEL_LIMITS, withinBudget } from './feel-budget.js';
import type { FeelLimits } from './feel-budget.js';
import { FeelError } from './feel-error.js';

export { FeelError } from './feel-error.js';
export { DEFAULT_FEEL_LIMITS, FeelBudgetError, feelStepHookInstalled } from './feel-budget.js';
export type { FeelLimits } from './feel-budget.js';

/** The working-day port: tells whether a local calendar date (`YYYY-MM-DD`, tenant time zone) is a working day. */
export interface WorkingCalendar {
  isWorkingDay(isoDate: string): boolean;
}

/** Clock, zone and calendar FEEL needs for `now()`, `today()` and `add working days()`. */
export interface FeelEnvironment {
  now: Date;
  timeZone: string;
  calendar: WorkingCalendar;
  /** Bounds of the evaluation; {@link DEFAULT_FEEL_LIMITS} when absent. */
  feelLimits?: FeelLimits;
}

/** Removes the leading `=` of a Zeebe FEEL value; returns undefined for a static (non-FEEL) value. */
export function feelBody(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1) : undefined;
}

/** Whether a Zeebe attribute value is a FEEL expression (starts with `=`). */
export function isFeel(value: string): boolean {
  return value.trim().startsWith('=');
}

const syntaxCache = new Map<string, string | null>();

// names with spaces must be known to the parser
const PARSE_CONTEXT = { 'add working days': null };

const isDate = (v: unknown): v is FeelDate => v instanceof FeelDate;
const isDateTime = (v: unknown): v is FeelDateTime => v instanceof FeelDateTime;
const isDuration = (v: unknown): v is FeelDuration => v instanceof FeelDuration;
const isTime = (v: unknown): v is FeelTime => v instanceof FeelTime;

/**
 * Checks FEEL syntax without evaluating. Returns a human message, or null when the expression parses.
 * @param expression expression body (without the leading `=`)
 */
export function feelSyntaxError(expression: string): string | null {
  const cached = syntaxCache.get(expression);
  if (cached !== undefined) return cached;
  let message: string | null = null;
  if (expression.trim() === '') {
    message = 'empty FEEL expression';
  } else {
    try {
      const tree = parseExpression(expression, PARSE_CONTEXT, undefined);
      tree.iterate({
        enter: (node) => {
          if (message === null && node.type.isError) {
            message = `FEEL syntax error at position ${node.from} in '${expression}'`;
          }
        },
      });
    } catch (error) {
      message = `FEEL syntax error in '${expression}': ${(error as Error).message}`;
    }
  }
  syntaxCache.set(expression, message);
  return message;
}

function toLocalDate(value: unknown, timeZone: string): DateTime {
  if (isDate(value) || isDateTime(value)) {
    const text = String(value);
    const [iso, zone] = text.split('@');
    return fromIsoInZone(iso, zone ?? timeZone, true);
  }
  if (typeof value === 'string') return fromIsoInZone(value, timeZone, true);
  throw new FeelError(`add working days: not a date: ${String(value)}`);
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC-midnight epoch (civil-date arithmetic without a zone). */
function isoDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * Adds `n` working days (per the calendar port) to a date; a FEEL date stays a date,
 * a date-time keeps its time of day. The days are walked as civil dates (no zone arithmetic per
 * day: the walk is on the hot path of every due date), then the result takes the start's time
 * of day in its zone.
 */
export function addWorkingDays(start: DateTime, days: number, calendar: WorkingCalendar): DateTime {
  let day = Date.UTC(start.year, start.month - 1, start.day);
  let left = Math.abs(days);
  const step = days >= 0 ? DAY_MS : -DAY_MS;
  let guard = 0;
  while (left > 0) {
    day += step;
    if (calendar.isWorkingDay(isoDateOf(day))) left--;
    if (++guard > 3660) throw new FeelError('add working days: the calendar has no working days');
  }
  const d = new Date(day);
  return start.set({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

function buildContext(variables: JsonObject, env: FeelEnvironment): Record<string, unknown> {
  // the zoned clock only when the expression asks for it (most do not)
  let zonedNow: DateTime | undefined;
  const zoned = () => (zonedNow ??= DateTime.fromJSDate(env.now, { zone: env.timeZone }));
  return {
    ...variables,
    now: () => dateAndTime(`${zoned().toISO({ includeOffset: false, suppressMilliseconds: true })}@${env.timeZone}`),
    today: () => feelDate(isoDateInZone(env.now, env.timeZone)),
    'add working days': (start: unknown, n: unknown) => {
      if (typeof n !== 'number') throw new FeelError('add working days: the day count must be a number');
      const result = addWorkingDays(toLocalDate(start, env.timeZone), n, env.calendar);
      if (isDate(start) || (typeof start === 'string' && start.length === 10)) return feelDate(result.toISODate()!);
      return dateAndTime(`${result.toISO({ includeOffset: false, suppressMilliseconds: true })}@${result.zoneName}`);
    },
  };
}

/** Converts a FEEL result to a JSON value (temporal values become their ISO text). */
export function feelToJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FeelError(`result ${value} is not a finite number`);
    return value;
  }
  if (isDateTime(value) && value.zone !== null && String(value).includes('@')) {
    // `…@Area/City` is FEEL-only; store the ISO 8601 instant with its offset instead
    return DateTime.fromISO(value.value.toString(), { zone: value.zone }).toISO({ suppressMilliseconds: true })!;
  }
  if (isDate(value) || isDateTime(value) || isDuration(value) || isTime(value)) return String(value);
  if (Array.isArray(value)) return value.map(feelToJson);
  if (typeof value === 'function') throw new FeelError('the expression yields a function, not a value');
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = feelToJson(v);
    return out;
  }
  throw new FeelError(`unsupported FEEL result type ${typeof value}`);
}

/**
 * Evaluates a FEEL expression (body, without `=`) against JSON variables.
 * Unknown variables and functions are errors naming them — never a silent null. The evaluation is
 * bounded by `env.feelLimits` (steps, list and range sizes, string length, depth, time).
 * @throws FeelError ({@link FeelBudgetError} when a bound is exceeded)
 */
export function evaluateFeelRaw(expression: string, variables: JsonObject, env: FeelEnvironment): unknown {
  const syntax = feelSyntaxError(expression);
  if (syntax) throw new FeelError(syntax);
  let result: FeelResult;
  try {
    const context = buildContext(variables, env);
    result = withinBudget(expression, env.feelLimits ?? DEFAULT_FEEL_LIMITS, () => run(expression, variables, context));
  } catch (error) {
    if (error instanceof FeelError) throw error;
    throw new FeelError(`failed to evaluate '${expression}': ${(error as Error).message}`);
  }
  const missing = result.warnings.filter((w) => w.type === 'NO_VARIABLE_FOUND' || w.type === 'NO_FUNCTION_FOUND');
  if (missing.length > 0) {
    throw new FeelError(`failed to evaluate '${expression}': ${missing.map((w) => w.message).join('; ')}`);
  }
  return result.value;
}

/** What feelin's `evaluate` returns: the value and the warnings (unknown names among them). */
export type FeelResult = { value: unknown; warnings: { type: string; message: string }[] };
type Compiled = (context: Record<string, unknown>) => FeelResult;
type Compile = (expression: string, parseContext: Record<string, unknown>) => Compiled;

// Parsing an expression costs far more than evaluating it (0.4–0.8 ms against microseconds for the
// usual `=initiator`, `=x > 3`), so an expression is parsed and built once (feelin's compileExpression,
// patches/feelin+*.patch) and kept. Without the patch every evaluation parses afresh.
const compile = (feelin as { compileExpression?: Compile }).compileExpression;
/** Compiled expressions by {@link compileKey}; the oldest go first past {@link COMPILED_MAX}. */
const compiled = new Map<string, Compiled>();
const COMPILED_MAX = 2000;
/** Past this many keys the variables are not walked: the expression is parsed afresh. */
const WALK_MAX = 2000;
/** A name that can never join its neighbours into a longer FEEL name (no space or operator in it). */
const SIMPLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * The cache key of `expression` evaluated with `variables`: the parse depends on the names with
 * spaces or operator characters that the context holds (`first name`, `a.b-c`), and where they are;
 * other names parse the same everywhere. Null when the variables are too large to walk cheaply.
 */
export function compileKey(expression: string, variables: JsonObject): string | null {
  const odd: string[] = [];
  let seen = 0;
  const walk = (value: Json, at: string): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (Array.isArray(value)) {
      for (const item of value) if (!walk(item, `${at}[]`)) return false;
      return true;
    }
    for (const [name, inner] of Object.entries(value)) {
      if (++seen > WALK_MAX) return false;
      if (!SIMPLE_NAME.test(name)) odd.push(`${at}/${name}`);
      if (inner !== null && typeof inner === 'object' && !walk(inner, `${at}/${name}`)) return false;
    }
    return true;
  };
  if (!walk(variables, '')) return null;
  return odd.length ? `${expression}\u0000${odd.sort().join('\u0000')}` : expression;
}

/**
 * Evaluates `expression` (body, without `=`) in `context` as feelin's `evaluate` does — no
 * conversion — from its kept parse (form-js conditions and limits, which the viewer evaluates so).
 * Under the same budget as the process's expressions: a form's expression is deployed by a tenant's
 * administrator and evaluated on every submission, so it must not be able to stall the server.
 * @throws FeelError ({@link FeelBudgetError} when a bound is exceeded)
 */
export function evaluateFeelInContext(expression: string, context: JsonObject, limits: FeelLimits = DEFAULT_FEEL_LIMITS): FeelResult {
  return withinBudget(expression, limits, () => run(expression, context, context));
}

/** Evaluates `expression` in `context` (built from `variables`), from its compiled form when it can. */
function run(expression: string, variables: JsonObject, context: Record<string, unknown>): FeelResult {
  const key = compile ? compileKey(expression, variables) : null;
  if (key === null) return evaluate(expression, context) as FeelResult;
  let fn = compiled.get(key);
  if (!fn) {
    fn = compile!(expression, context);
    if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, fn);
  }
  return fn(context);
}

/** Evaluates a FEEL expression body and converts the result to JSON. @throws FeelError */
export function evaluateFeel(expression: string, variables: JsonObject, env: FeelEnvironment): Json {
  return feelToJson(evaluateFeelRaw(expression, variables, env));
}
