/**
 * Checks of FEEL expressions and timer values, the same way the server checks them at deploy
 * time: FEEL is parsed with `feelin` (the server's parser); timer values (ISO 8601 date, duration,
 * repeating interval, cron) by the engine's own parser, imported from the server's sources, so
 * both sides accept exactly the same values.
 */
import { parseExpression } from 'feelin';
import { timerValueProblem as engineTimerProblem } from '../../../../../server/src/engine/timers/timer-spec';

// names with spaces must be known to the parser
const PARSE_CONTEXT = { 'add working days': null };

/** The body of a Zeebe FEEL value (`=expr` → `expr`), or undefined for a static value. */
export function feelBody(value: string): string | undefined {
  const t = value.trim();
  return t.startsWith('=') ? t.slice(1) : undefined;
}

/** A message when the FEEL expression (without `=`) does not parse, else null. */
export function feelSyntaxError(expression: string): string | null {
  if (!expression.trim()) return 'пустое выражение FEEL';
  let message: string | null = null;
  try {
    const tree = parseExpression(expression, PARSE_CONTEXT, undefined);
    tree.iterate({
      enter: (node: { type: { isError: boolean }; from: number }) => {
        if (message === null && node.type.isError) message = `ошибка синтаксиса FEEL в позиции ${node.from}: ${expression}`;
      },
    });
  } catch (e) {
    message = `ошибка синтаксиса FEEL: ${(e as Error).message}`;
  }
  return message;
}

const DURATION = /^P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?(@[A-Za-z_]+\/[A-Za-z_]+)?$/;

/** True when `value` is an ISO 8601 duration such as `P14D` or `PT1H30M`. */
export function isIsoDuration(value: string): boolean {
  return DURATION.test(value.trim());
}

/** True when `value` is an ISO 8601 date or date-time that names a real day. */
export function isIsoDate(value: string): boolean {
  const v = value.trim();
  if (!DATE.test(v)) return false;
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

export type TimerKind = 'date' | 'duration' | 'cycle';

/** A message when a timer (or due date) value does not parse, else null. */
export function timerValueProblem(kind: TimerKind, value: string | undefined): string | null {
  if (value === undefined || !value.trim()) return 'значение таймера не задано';
  const body = feelBody(value);
  if (body !== undefined) return feelSyntaxError(body);
  const v = value.trim();
  const problem = engineTimerProblem({ type: kind, value: v }, 'UTC');
  if (!problem) return null;
  if (kind === 'date') return `«${v}» — не дата ISO 8601 (например 2027-06-01T09:00:00)`;
  if (kind === 'duration') return `«${v}» — не длительность ISO 8601 (например P14D)`;
  return `«${v}» — не повторение R[n]/[начало/]период и не расписание cron (${problem})`;
}
