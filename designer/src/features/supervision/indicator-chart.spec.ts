import { describe, expect, it } from 'vitest';
import { chartBars, formatShare } from './indicator-chart';

describe('indicator chart', () => {
  it('formats shares per language', () => {
    expect(formatShare(0.5, 'ru')).toBe('50,0 %');
    expect(formatShare(2 / 3, 'en')).toBe('66.7%');
    expect(formatShare(null, 'ru')).toBe('—');
  });

  it('bars are proportional and capped', () => {
    const bars = chartBars([
      { key: 'a', name: 'A', variant: 'v', numerator: 1, denominator: 2, value: 0.5 },
      { key: 'b', name: 'B', variant: 'v', numerator: 3, denominator: 2, value: 1.5 },
      { key: 'c', name: 'C', variant: 'v', numerator: 0, denominator: 0, value: null },
    ], 400, 30, 'ru');
    expect(bars.map((b) => [b.key, b.y, b.width])).toEqual([['a', 0, 200], ['b', 30, 400], ['c', 60, 0]]);
  });
});
