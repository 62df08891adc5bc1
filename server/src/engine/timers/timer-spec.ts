import { DateTime, Duration } from 'luxon';
import type { WorkingCalendar } from '../feel/feel-evaluator.js';
import type { TimerDefinition } from '../model/process-model.types.js';
import { nextCronFiring, parseCron } from './cron.js';
import { fromIsoInZone } from './zoned-iso.js';

/** An evaluated timer value: the definition type and its static text (ISO 8601 or cron). */
export interface TimerSpec {
  type: TimerDefinition['type'];
  value: string;
}

/** A parsed ISO 8601 repeating interval `R[n]/[start/]period`. */
interface IsoCycle {
  kind: 'iso';
  repetitions: number | null;
  start?: DateTime;
  period: Duration;
}

type ParsedCycle = IsoCycle | { kind: 'cron'; cron: ReturnType<typeof parseCron> };

/**
 * Parses an ISO date or date-time. A value without an offset is the wall clock of `timeZone`;
 * a FEEL zoned value `…@Area/City` is honoured. @throws Error with a human message
 */
export function parseTimerDate(value: string, timeZone: string): DateTime {
  const [iso, zone] = value.trim().split('@');
  const parsed = fromIsoInZone(iso, zone ?? timeZone);
  if (!parsed.isValid) throw new Error(`'${value}' is not an ISO 8601 date or date-time`);
  return parsed;
}

/** Parses an ISO 8601 duration such as `P7D` or `PT1H30M`. @throws Error */
export function parseTimerDuration(value: string): Duration {
  const parsed = Duration.fromISO(value.trim());
  if (!parsed.isValid) throw new Error(`'${value}' is not an ISO 8601 duration`);
  if (parsed.toMillis() < 0) throw new Error(`'${value}' is a negative duration`);
  return parsed;
}

function parseCycle(value: string, timeZone: string): ParsedCycle {
  const text = value.trim();
  if (!text.startsWith('R')) {
    try {
      return { kind: 'cron', cron: parseCron(text) };
    } catch (error) {
      throw new Error(`'${value}' is neither an ISO 8601 cycle R[n]/[start/]period nor a cron expression: ${(error as Error).message}`, { cause: error });
    }
  }
  const parts = text.split('/');
  const repetitionText = parts[0].slice(1);
  if (repetitionText !== '' && !/^\d+$/.test(repetitionText)) throw new Error(`'${value}': invalid repetition count`);
  const repetitions = repetitionText === '' ? null : Number(repetitionText);
  if (parts.length === 2) return { kind: 'iso', repetitions, period: parseTimerDuration(parts[1]) };
  if (parts.length === 3) {
    return { kind: 'iso', repetitions, start: parseTimerDate(parts[1], timeZone), period: parseTimerDuration(parts[2]) };
  }
  throw new Error(`'${value}' is not an ISO 8601 cycle R[n]/[start/]period`);
}

/**
 * Validates a static timer value. @returns a human message, or null when valid.
 */
export function timerValueProblem(spec: TimerSpec, timeZone = 'UTC'): string | null {
  try {
    if (spec.type === 'date') parseTimerDate(spec.value, timeZone);
    else if (spec.type === 'duration') parseTimerDuration(spec.value);
    else {
      const cycle = parseCycle(spec.value, timeZone);
      if (cycle.kind === 'iso' && cycle.period.toMillis() <= 0) return `'${spec.value}': the cycle period must be positive`;
    }
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The next firing of a timer strictly after `after` (or at the date itself for a `timeDate`),
 * given how many times it has fired already. Null when the timer is exhausted.
 *
 * - `date`: the date, once (`firedCount` 0).
 * - `duration`: `after` + duration, once.
 * - `cycle` ISO `R[n]/period`: `after` + period while fewer than n firings; `R[n]/start/period`:
 *   start + k·period, the first one after `after` (the start itself when not yet fired).
 * - `cycle` cron: the next matching instant in `timeZone`, without limit.
 *
 * The calendar is accepted for schedulers that need working-day-aware timers; cycles ignore it.
 * @throws Error when the value does not parse
 */
export function nextTimerFiring(
  spec: TimerSpec,
  after: Date,
  timeZone: string,
  _calendar?: WorkingCalendar,
  firedCount = 0,
): Date | null {
  if (spec.type === 'date') return firedCount === 0 ? parseTimerDate(spec.value, timeZone).toJSDate() : null;
  if (spec.type === 'duration') {
    return firedCount === 0 ? DateTime.fromJSDate(after, { zone: timeZone }).plus(parseTimerDuration(spec.value)).toJSDate() : null;
  }
  const cycle = parseCycle(spec.value, timeZone);
  if (cycle.kind === 'cron') return nextCronFiring(cycle.cron, after, timeZone);
  if (cycle.repetitions !== null && firedCount >= cycle.repetitions) return null;
  if (!cycle.start) return DateTime.fromJSDate(after, { zone: timeZone }).plus(cycle.period).toJSDate();
  if (firedCount === 0 && cycle.start.toMillis() >= after.getTime()) return cycle.start.toJSDate();
  let t = cycle.start;
  let k = 0;
  while (t.toMillis() <= after.getTime()) {
    t = cycle.start.plus(cycle.period.mapUnits((x) => x * (k + 1)));
    k++;
    if (cycle.repetitions !== null && k >= cycle.repetitions) return null;
    if (k > 100000) return null;
  }
  return t.toJSDate();
}
