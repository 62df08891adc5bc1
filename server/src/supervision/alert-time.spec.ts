import { daysOverdue, stageDueAt } from './alerts.service.js';
import { nextHour } from './digest.job.js';

describe('overdue arithmetic', () => {
  test('whole days past due, 0 during the first day and before due', () => {
    const due = new Date('2027-03-01T00:00:00Z');
    expect(daysOverdue(due, new Date('2027-03-01T23:59:00Z'))).toBe(0);
    expect(daysOverdue(due, new Date('2027-03-07T00:00:00Z'))).toBe(6);
    expect(daysOverdue(due, new Date('2027-02-01T00:00:00Z'))).toBe(0);
  });

  test('a stage limit is calendar arithmetic in the tenant zone (a month is a month)', () => {
    expect(stageDueAt(new Date('2027-01-31T12:00:00Z'), 'P30D').toISOString()).toBe('2027-03-02T12:00:00.000Z');
    expect(stageDueAt(new Date('2027-01-15T00:00:00Z'), 'P1M', 'Asia/Kamchatka').toISOString()).toBe('2027-02-15T00:00:00.000Z');
  });

  test('digest schedule: the next whole hour', () => {
    expect(nextHour(new Date('2027-03-01T10:00:00Z')).toISOString()).toBe('2027-03-01T11:00:00.000Z');
    expect(nextHour(new Date('2027-03-01T10:59:59Z')).toISOString()).toBe('2027-03-01T11:00:00.000Z');
  });
});
