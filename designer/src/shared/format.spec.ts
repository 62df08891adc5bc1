import { describe, expect, it } from 'vitest';
import { daysOverdue, formatDateTime, isOverdue } from './format';

const now = new Date('2026-06-02T10:00:00Z');

describe('isOverdue / daysOverdue', () => {
  it('is overdue only when the due date has passed', () => {
    expect(isOverdue('2026-06-01T00:00:00Z', now)).toBe(true);
    expect(isOverdue('2026-06-03T00:00:00Z', now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
    expect(isOverdue('not a date', now)).toBe(false);
  });

  it('counts whole days overdue', () => {
    expect(daysOverdue('2026-06-01T00:00:00Z', now)).toBe(1);
    expect(daysOverdue('2026-05-02T10:00:00Z', now)).toBe(31);
    expect(daysOverdue('2026-06-05T00:00:00Z', now)).toBe(0);
  });
});

describe('formatDateTime', () => {
  it('shows a dash for no date and formats a date', () => {
    expect(formatDateTime(null, 'ru')).toBe('—');
    expect(formatDateTime('2026-06-01T00:00:00Z', 'ru')).toMatch(/2026/);
  });
});
