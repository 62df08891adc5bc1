import { weekdays } from '../testing/engine-test-kit.js';
import { evaluateFeel, feelSyntaxError, FeelError } from './feel-evaluator.js';

// Saturday 7 March 2026, 23:30 UTC = Sunday 8 March 11:30 in Kamchatka
const env = { now: new Date('2026-03-07T23:30:00Z'), timeZone: 'Asia/Kamchatka', calendar: weekdays };

describe('FEEL evaluator', () => {
  it('given the command clock, when now() and today() are evaluated, then they use the tenant time zone, not the machine clock', () => {
    expect(evaluateFeel('today()', {}, env)).toBe('2026-03-08');
    // a zoned FEEL date-time is stored as ISO 8601 with the zone's offset
    expect(evaluateFeel('now()', {}, env)).toBe('2026-03-08T11:30:00+12:00');
    expect(evaluateFeel('now() > date and time("2026-03-07T23:00:00Z")', {}, env)).toBe(true);
    expect(evaluateFeel('today() = date("2026-03-08")', {}, env)).toBe(true);
  });

  it('given a weekend start, when adding working days, then the calendar port skips non-working days', () => {
    expect(evaluateFeel('add working days(today(), 1)', {}, env)).toBe('2026-03-09');
    expect(evaluateFeel('add working days(date("2026-03-06"), 1)', {}, env)).toBe('2026-03-09');
    expect(evaluateFeel('add working days(d, 5)', { d: '2026-03-09' }, env)).toBe('2026-03-16');
  });

  it('given an expression over a missing variable, when evaluated, then it fails naming the variable (never a silent null)', () => {
    expect(() => evaluateFeel('score > 3', {}, env)).toThrow(FeelError);
    expect(() => evaluateFeel('score > 3', {}, env)).toThrow(/score/);
  });

  it('given invalid syntax, when checked, then a message is returned; valid syntax gives null', () => {
    expect(feelSyntaxError('a >')).toMatch(/FEEL syntax error/);
    expect(feelSyntaxError('a > 1 and b')).toBeNull();
    expect(feelSyntaxError('add working days(today(), 2)')).toBeNull();
  });

  it('given temporal and structured results, when evaluated, then they become JSON', () => {
    expect(evaluateFeel('{d: date("2026-01-01") + duration("P1M"), l: [1, "x", null]}', {}, env)).toEqual({ d: '2026-02-01', l: [1, 'x', null] });
    expect(evaluateFeel('duration("P2D")', {}, env)).toBe('P2D');
  });
});
