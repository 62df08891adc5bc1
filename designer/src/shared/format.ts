/** Date helpers for lists and task pages. */

/** True when the due date has passed at `now`. */
export function isOverdue(dueAt: string | null | undefined, now: Date = new Date()): boolean {
  if (!dueAt) return false;
  const due = new Date(dueAt);
  return !Number.isNaN(due.getTime()) && due.getTime() < now.getTime();
}

/** Whole days between the due date and `now` (0 when not overdue). */
export function daysOverdue(dueAt: string | null | undefined, now: Date = new Date()): number {
  if (!isOverdue(dueAt, now)) return 0;
  return Math.floor((now.getTime() - new Date(dueAt as string).getTime()) / 86_400_000);
}

/** A date and time in the UI language, or '—'. */
export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(locale === 'en' ? 'en-GB' : 'ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
