/**
 * "What date does this give?": evaluates a due date or timer value for a sample start instant,
 * the way the engine would (FEEL with `now()`, `today()` and `add working days()`). The sample's
 * working-day calendar knows weekends only; the server uses the tenant's production calendar.
 */
import { evaluate, date as feelDate, dateAndTime } from 'feelin';
import { DateTime, Duration } from 'luxon';
import { feelBody, feelSyntaxError, isIsoDate, isIsoDuration, type TimerKind } from './expressions';

export interface Preview {
  /** The resulting instant (ISO), or null with `error` — or with `needs`. */
  at: string | null;
  error?: string;
  /**
   * Process variables the value reads that the sample has no value for (set by a form or the
   * start): nothing is wrong, the date is known at run time; give sample values to see one.
   */
  needs?: string[];
}

/** Thrown when a value reads variables the sample does not have. */
class MissingVariables extends Error {
  constructor(readonly names: string[]) {
    super(names.join(', '));
  }
}

/** A sample value typed by the administrator: a number or a boolean when it reads as one, else text. */
export function sampleValue(text: string): unknown {
  const v = text.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (v !== '' && !Number.isNaN(Number(v)) && /^-?\d/.test(v)) return Number(v);
  return v;
}

function weekendCalendarAdd(start: DateTime, days: number): DateTime {
  let current = start;
  let left = Math.abs(days);
  const step = days >= 0 ? 1 : -1;
  while (left > 0) {
    current = current.plus({ days: step });
    if (current.weekday <= 5) left--;
  }
  return current;
}

function toDateTime(value: unknown, zone: string): DateTime | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const [iso, z] = text.split('@');
  const dt = DateTime.fromISO(iso, { zone: z ?? zone, setZone: true });
  return dt.isValid ? dt : null;
}

/** Evaluates a FEEL body for `start` in `zone`; returns the raw feelin value. */
export function evaluateForStart(body: string, start: DateTime, variables: Record<string, unknown> = {}): unknown {
  const zone = start.zoneName ?? 'UTC';
  const context = {
    ...variables,
    now: () => dateAndTime(`${start.toISO({ includeOffset: false, suppressMilliseconds: true })}@${zone}`),
    today: () => feelDate(start.toISODate()!),
    'add working days': (from: unknown, n: unknown) => {
      if (typeof n !== 'number') throw new Error('add working days: число дней должно быть числом');
      const base = toDateTime(from, zone);
      if (!base) throw new Error(`add working days: не дата: ${String(from)}`);
      const result = weekendCalendarAdd(base, n);
      return String(from).length === 10 ? feelDate(result.toISODate()!) : dateAndTime(`${result.toISO({ includeOffset: false, suppressMilliseconds: true })}@${zone}`);
    },
  };
  const result = evaluate(body, context) as { value: unknown; warnings: { type: string; message: string }[] };
  const noFunction = result.warnings.filter((w) => w.type === 'NO_FUNCTION_FOUND');
  if (noFunction.length) throw new Error(noFunction.map((w) => w.message.replace(/^Function '([^']+)' not found$/, 'нет функции «$1»')).join('; '));
  const names = result.warnings.filter((w) => w.type === 'NO_VARIABLE_FOUND')
    .map((w) => /^Variable '([^']+)' not found$/.exec(w.message)?.[1] ?? w.message);
  if (names.length) throw new MissingVariables([...new Set(names)]);
  return result.value;
}

/**
 * The instant a value gives for a process started at `startIso` in `zone`, with sample values of
 * the process variables it reads. `kind` is the timer type; a user task's due date is a `date`.
 */
export function previewDate(kind: TimerKind, value: string | undefined, startIso: string, zone: string, variables: Record<string, unknown> = {}): Preview {
  if (!value || !value.trim()) return { at: null, error: 'значение не задано' };
  const start = DateTime.fromISO(startIso, { zone });
  if (!start.isValid) return { at: null, error: 'пример даты начала не распознан' };
  const body = feelBody(value);
  try {
    if (body !== undefined) {
      const syntax = feelSyntaxError(body);
      if (syntax) return { at: null, error: syntax };
      const raw = evaluateForStart(body, start, variables);
      const text = raw === null || raw === undefined ? '' : String(raw);
      if (text.startsWith('P') || text.startsWith('-P')) {
        const d = Duration.fromISO(text);
        if (!d.isValid) return { at: null, error: `результат «${text}» не длительность` };
        return { at: start.plus(d).toISO() };
      }
      const dt = toDateTime(raw, zone);
      if (!dt) return { at: null, error: `результат «${text}» не дата и не длительность` };
      return { at: dt.toISO() };
    }
    const v = value.trim();
    if (kind === 'date' || (kind !== 'duration' && isIsoDate(v))) {
      if (!isIsoDate(v)) return { at: null, error: `«${v}» — не дата ISO 8601` };
      return { at: toDateTime(v, zone)!.toISO() };
    }
    if (kind === 'duration' || isIsoDuration(v)) {
      if (!isIsoDuration(v)) return { at: null, error: `«${v}» — не длительность ISO 8601` };
      return { at: start.plus(Duration.fromISO(v)).toISO() };
    }
    const parts = v.split('/');
    if (parts[0].startsWith('R') && parts.length >= 2) {
      const period = Duration.fromISO(parts[parts.length - 1]);
      const base = parts.length === 3 ? toDateTime(parts[1], zone) : start;
      if (!period.isValid || !base) return { at: null, error: `«${v}» — не повторяющийся интервал ISO 8601` };
      return { at: (parts.length === 3 && base >= start ? base : base.plus(period)).toISO() };
    }
    return { at: null, error: 'дату по cron пример не считает' };
  } catch (e) {
    if (e instanceof MissingVariables) return { at: null, needs: e.names };
    const message = (e as Error).message;
    // feelin's words for a call of a function FEEL does not have
    if (/^Cannot invoke/.test(message)) return { at: null, error: 'вызвана функция, которой в FEEL нет' };
    return { at: null, error: message };
  }
}

/** Ready-made values with an explanation (an English template for `translate`), per kind. */
export const EXAMPLES: Record<'dueDate' | TimerKind, { value: string; label: string }[]> = {
  dueDate: [
    { value: '=now() + duration("P14D")', label: 'in 14 calendar days' },
    { value: '=add working days(today(), 10)', label: 'in 10 working days' },
    { value: '2027-06-01T09:00:00', label: 'by an exact date' },
  ],
  duration: [
    { value: 'P14D', label: '14 days (ISO 8601)' },
    { value: 'PT12H', label: '12 hours' },
    { value: '=duration("P14D")', label: '14 days (FEEL)' },
  ],
  date: [
    { value: '2027-06-01T09:00:00', label: 'an exact date' },
    { value: '=now() + duration("P14D")', label: 'in 14 days' },
    { value: '=add working days(today(), 10)', label: 'in 10 working days' },
  ],
  cycle: [
    { value: 'R3/P7D', label: '3 times, weekly' },
    { value: 'R/P1D', label: 'every day' },
  ],
};
