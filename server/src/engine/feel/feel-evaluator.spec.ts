import { weekdays } from '../testing/engine-test-kit.js';
import { compileKey, DEFAULT_FEEL_LIMITS, evaluateFeel, FeelBudgetError, feelSyntaxError, FeelError } from './feel-evaluator.js';

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

  it('given one expression evaluated again and again, when the values change, then each result is of its own values (the parse is kept, not the result)', () => {
    for (let score = 0; score < 5; score++) expect(evaluateFeel('score > 2', { score }, env)).toBe(score > 2);
    expect(() => evaluateFeel('score > 2', {}, env)).toThrow(/score/);
    expect(evaluateFeel('score > 2', { score: 9 }, env)).toBe(true);
  });

  it('given a name with spaces in some contexts only, when the same expression is evaluated, then each context parses it its own way', () => {
    // with the variable "first name" the text is one name; without it, `first name` is not a name at all
    expect(evaluateFeel('first name', { 'first name': 'Анна' }, env)).toBe('Анна');
    expect(() => evaluateFeel('first name', { first: 1, name: 2 }, env)).toThrow(FeelError);
    expect(evaluateFeel('first name', { 'first name': 'Олег' }, env)).toBe('Олег');
    expect(evaluateFeel('p.last name', { p: { 'last name': 'Иванова' } }, env)).toBe('Иванова');
    // plain names (Cyrillic too) do not split the cache; names with spaces do, with their place
    expect(compileKey('a + b', { a: 1, b: 2, баллы: 3, list: [{ x: 1 }] })).toBe('a + b');
    expect(compileKey('a', { 'a b': 1 })).not.toBe(compileKey('a', { p: { 'a b': 1 } }));
  });

  it('given a kept expression, when it exceeds its budget again and again, then it is cut each time, and runs within it otherwise', () => {
    const bounded = { ...env, feelLimits: { ...DEFAULT_FEEL_LIMITS, maxSteps: 1000 } };
    for (let i = 0; i < 3; i++) expect(() => evaluateFeel('sum(for x in 1..n return x)', { n: 5000 }, bounded)).toThrow(FeelBudgetError);
    expect(evaluateFeel('sum(for x in 1..n return x)', { n: 10 }, bounded)).toBe(55);
  });
});
