import { DateTime } from 'luxon';

/**
 * Memoised luxon parses and zone conversions of the step's hot path. A conversion in an IANA zone
 * costs luxon several `Intl` calls (tens of microseconds each); a route's due dates, `today()` and
 * working-day starts repeat the same few values (`2026-12-11` in `Asia/Kamchatka`, today in the
 * tenant's zone), and luxon's `DateTime` is immutable, so the answers are shared.
 */
const MAX = 2000;
const parsed = new Map<string, DateTime>();
const days = new Map<string, string>();

function keep<V>(m: Map<string, V>, key: string, value: V): V {
  if (m.size >= MAX) m.delete(m.keys().next().value!);
  m.set(key, value);
  return value;
}

/** `DateTime.fromISO(iso, { zone, setZone })`, memoised (invalid results too). */
export function fromIsoInZone(iso: string, zone: string, setZone = false): DateTime {
  const key = `${setZone ? 1 : 0}${zone}\u0000${iso}`;
  return parsed.get(key) ?? keep(parsed, key, DateTime.fromISO(iso, { zone, setZone }));
}

/** The calendar date (`YYYY-MM-DD`) in `zone` at `at`, memoised per zone and minute (offsets are whole minutes). */
export function isoDateInZone(at: Date, zone: string): string {
  const key = `${zone}\u0000${Math.floor(at.getTime() / 60_000)}`;
  return days.get(key) ?? keep(days, key, DateTime.fromJSDate(at, { zone }).toISODate()!);
}
