/** Geometry of the indicators' horizontal bar chart (plain SVG). */
import type { IndicatorValue } from './supervision-api';

export interface Bar {
  key: string;
  label: string;
  /** 0…1, or null when the indicator has no value. */
  value: number | null;
  y: number;
  width: number;
  text: string;
}

/** Percentage with one decimal in the UI language ("50,0 %" / "50.0%"), or an en dash. */
export function formatShare(value: number | null, locale: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const n = (Math.round(value * 1000) / 10).toLocaleString(locale === 'en' ? 'en-GB' : 'ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return locale === 'en' ? `${n}%` : `${n} %`;
}

/** Bars of width proportional to the share (values above 100 % are capped at the full width). */
export function chartBars(items: IndicatorValue[], width: number, rowHeight: number, locale: string): Bar[] {
  return items.map((i, n) => ({
    key: i.key,
    label: i.name,
    value: i.value,
    y: n * rowHeight,
    width: i.value === null ? 0 : Math.round(Math.min(1, Math.max(0, i.value)) * width),
    text: formatShare(i.value, locale),
  }));
}
