import { DateTime } from 'luxon';

/** A parsed cron expression (Spring/Zeebe style: seconds minutes hours day-of-month month day-of-week). */
export interface CronSpec {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number> | null; // null = any ('*' or '?')
  months: Set<number>;
  daysOfWeek: Set<number> | null; // 1 = Monday … 7 = Sunday (luxon weekday)
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseField(field: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> {
  const values = new Set<number>();
  const toNumber = (token: string): number => {
    const upper = token.toUpperCase();
    if (names && names.includes(upper)) return names.indexOf(upper) + nameBase;
    if (!/^\d+$/.test(token)) throw new Error(`invalid cron value '${token}'`);
    return Number(token);
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`invalid cron step in '${part}'`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = toNumber(a);
      to = toNumber(b);
    } else {
      from = toNumber(range);
      to = stepText === undefined ? from : max;
    }
    if (from < min || to > max || from > to) throw new Error(`cron value out of range in '${part}' (${min}-${max})`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/**
 * Parses a cron expression with 6 fields (with seconds, as Zeebe) or 5 fields (seconds = 0).
 * @throws Error with a human message when the expression is invalid
 */
export function parseCron(expression: string): CronSpec {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 5) fields.unshift('0');
  if (fields.length !== 6) throw new Error(`cron expression '${expression}' must have 5 or 6 fields`);
  const [sec, min, hour, dom, month, dow] = fields;
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  let daysOfWeek: Set<number> | null = null;
  if (!anyDow) {
    const raw = parseField(dow, 0, 7, DAYS, 0);
    daysOfWeek = new Set([...raw].map((d) => (d === 0 ? 7 : d)));
  }
  return {
    seconds: parseField(sec, 0, 59),
    minutes: parseField(min, 0, 59),
    hours: parseField(hour, 0, 23),
    daysOfMonth: anyDom ? null : parseField(dom, 1, 31),
    months: parseField(month, 1, 12, MONTHS, 1),
    daysOfWeek,
  };
}

function dayMatches(spec: CronSpec, t: DateTime): boolean {
  const domOk = spec.daysOfMonth === null || spec.daysOfMonth.has(t.day);
  const dowOk = spec.daysOfWeek === null || spec.daysOfWeek.has(t.weekday);
  return domOk && dowOk;
}

/** The first instant strictly after `after` matching the cron spec, in the given time zone; null if none within 5 years. */
export function nextCronFiring(spec: CronSpec, after: Date, timeZone: string): Date | null {
  let t = DateTime.fromJSDate(after, { zone: timeZone }).set({ millisecond: 0 }).plus({ seconds: 1 });
  const limit = t.plus({ years: 5 });
  while (t < limit) {
    if (!spec.months.has(t.month)) {
      t = t.plus({ months: 1 }).startOf('month');
      continue;
    }
    if (!dayMatches(spec, t)) {
      t = t.plus({ days: 1 }).startOf('day');
      continue;
    }
    if (!spec.hours.has(t.hour)) {
      t = t.plus({ hours: 1 }).startOf('hour');
      continue;
    }
    if (!spec.minutes.has(t.minute)) {
      t = t.plus({ minutes: 1 }).startOf('minute');
      continue;
    }
    if (!spec.seconds.has(t.second)) {
      t = t.plus({ seconds: 1 });
      continue;
    }
    return t.toJSDate();
  }
  return null;
}
