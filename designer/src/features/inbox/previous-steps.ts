/** Helpers of the "what came before" timeline and the subject card. */
import type { PreviousStep } from '../../shared/api-shapes';

/** A profile value for people: dates in the interface's format, the rest as text. */
export function formatProfileValue(p: { type: string; value: unknown }, locale: string): string {
  if (p.type === 'date' && typeof p.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.value)) {
    const [y, m, d] = p.value.split('-');
    return locale === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
  }
  if (typeof p.value === 'boolean') return p.value ? (locale === 'en' ? 'yes' : 'да') : locale === 'en' ? 'no' : 'нет';
  return p.value === null || p.value === undefined ? '—' : String(p.value);
}

/** Steps newest first (the one just before the task is the most useful), keeping the server's order otherwise. */
export function newestFirst(steps: readonly PreviousStep[]): PreviousStep[] {
  return [...steps].reverse();
}
