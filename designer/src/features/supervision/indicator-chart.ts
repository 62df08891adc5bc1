/** Values, periods and the bar chart of the indicators page (plain SVG). */
import type { IndicatorKind, IndicatorQuery, IndicatorValue } from './supervision-api';

export interface Bar {
  key: string;
  label: string;
  /** 0…1, or null when the indicator has no value. */
  value: number | null;
  y: number;
  width: number;
  text: string;
}

const numberLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'ru-RU');

/** Percentage with one decimal in the UI language ("50,0 %" / "50.0%"), or an en dash. */
export function formatShare(value: number | null, locale: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const n = (Math.round(value * 1000) / 10).toLocaleString(numberLocale(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return locale === 'en' ? `${n}%` : `${n} %`;
}

/** A share as a percentage; a count or a sum as the number it is («1 234», «12,5»); an en dash for none. */
export function formatValue(kind: IndicatorKind | undefined, value: number | null, locale: string): string {
  if ((kind ?? 'share') === 'share') return formatShare(value, locale);
  if (value === null || !Number.isFinite(value)) return '—';
  return value.toLocaleString(numberLocale(locale), { maximumFractionDigits: 2 });
}

/** Whether an indicator is a share (numerator ÷ denominator) — the only kind with a bar and a denominator. */
export const isShare = (i: Pick<IndicatorValue, 'kind'>) => (i.kind ?? 'share') === 'share';

/** Bars of the shares only, of width proportional to the share (values above 100 % are capped at the full width). */
export function chartBars(items: IndicatorValue[], width: number, rowHeight: number, locale: string): Bar[] {
  return items.filter(isShare).map((i, n) => ({
    key: i.key,
    label: i.name,
    value: i.value,
    y: n * rowHeight,
    width: i.value === null ? 0 : Math.round(Math.min(1, Math.max(0, i.value)) * width),
    text: formatShare(i.value, locale),
  }));
}

/** The period the page asks for: everything, a calendar year, a school year (1 September – 31 August), or dates. */
export interface PeriodChoice {
  mode: 'all' | 'year' | 'school-year' | 'custom';
  /** the calendar year, or the first year of the school year */
  year: number;
  from: string;
  to: string;
}

/** The school year a day falls in, by its first year: September and later start a new one. */
export function schoolYearOf(day: Date): number {
  return day.getMonth() >= 8 ? day.getFullYear() : day.getFullYear() - 1;
}

/** The query parameters of a period: `period=2027`, `period=2027-2028`, or `from`/`to` (the last day included). */
export function periodQuery(p: PeriodChoice): Pick<IndicatorQuery, 'period' | 'from' | 'to'> {
  if (p.mode === 'year') return { period: String(p.year) };
  if (p.mode === 'school-year') return { period: `${p.year}-${p.year + 1}` };
  if (p.mode === 'custom') return { from: p.from || undefined, to: p.to ? nextDay(p.to) : undefined };
  return {};
}

/** `2027-03-31` → `2027-04-01`: the server's `to` is exclusive, the page's «по» includes its day. */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}
