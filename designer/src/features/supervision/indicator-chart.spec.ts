import { describe, expect, it } from 'vitest';
import { chartBars, formatShare, formatValue, periodQuery, schoolYearOf } from './indicator-chart';

describe('indicator chart', () => {
  it('formats shares per language', () => {
    expect(formatShare(0.5, 'ru')).toBe('50,0 %');
    expect(formatShare(2 / 3, 'en')).toBe('66.7%');
    expect(formatShare(null, 'ru')).toBe('—');
  });

  it('shows a count or a sum as the number it is, never as a percentage', () => {
    expect(formatValue('count', 1234, 'ru').replace(/\s/g, ' ')).toBe('1 234');
    expect(formatValue('count', 7, 'ru')).toBe('7');
    expect(formatValue('sum', 12.5, 'ru')).toBe('12,5');
    expect(formatValue('sum', 12.5, 'en')).toBe('12.5');
    expect(formatValue('count', null, 'ru')).toBe('—');
    expect(formatValue('share', 0.25, 'ru')).toBe('25,0 %');
    expect(formatValue(undefined, 0.25, 'ru')).toBe('25,0 %');
  });

  it('bars are proportional and capped, and only shares have one', () => {
    const bars = chartBars([
      { key: 'a', name: 'A', variant: 'v', numerator: 1, denominator: 2, value: 0.5 },
      { key: 'n', name: 'N', variant: 'v', kind: 'count', numerator: 7, denominator: null, value: 7 },
      { key: 'b', name: 'B', variant: 'v', kind: 'share', numerator: 3, denominator: 2, value: 1.5 },
      { key: 'c', name: 'C', variant: 'v', numerator: 0, denominator: 0, value: null },
      { key: 's', name: 'S', variant: 'v', kind: 'sum', numerator: 40, denominator: null, value: 40 },
    ], 400, 30, 'ru');
    expect(bars.map((b) => [b.key, b.y, b.width])).toEqual([['a', 0, 200], ['b', 30, 400], ['c', 60, 0]]);
  });

  it('periods: a calendar year, a school year (1 September – 31 August), dates with the last day included, or all', () => {
    const base = { year: 2027, from: '', to: '' };
    expect(periodQuery({ ...base, mode: 'year' })).toEqual({ period: '2027' });
    expect(periodQuery({ ...base, mode: 'school-year' })).toEqual({ period: '2027-2028' });
    expect(periodQuery({ ...base, mode: 'custom', from: '2027-03-01', to: '2027-03-31' })).toEqual({ from: '2027-03-01', to: '2027-04-01' });
    expect(periodQuery({ ...base, mode: 'custom', from: '', to: '2027-12-31' })).toEqual({ from: undefined, to: '2028-01-01' });
    expect(periodQuery({ ...base, mode: 'all', from: '2027-03-01' })).toEqual({});
    expect(schoolYearOf(new Date(2027, 7, 31))).toBe(2026);
    expect(schoolYearOf(new Date(2027, 8, 1))).toBe(2027);
    expect(schoolYearOf(new Date(2028, 0, 15))).toBe(2027);
  });
});
