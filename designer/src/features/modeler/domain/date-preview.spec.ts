import { describe, expect, it } from 'vitest';
import { previewDate, sampleValue } from './date-preview';
import { timerValueProblem } from './expressions';

const START = '2026-11-23T10:00:00';
const ZONE = 'Europe/Moscow';

describe('date previews', () => {
  it('computes the due date of the examples for a sample start', () => {
    expect(previewDate('date', '=now() + duration("P14D")', START, ZONE).at).toBe('2026-12-07T10:00:00.000+03:00');
    // Monday 23 Nov + 10 working days (weekends only) = Monday 7 Dec
    expect(previewDate('date', '=add working days(today(), 10)', START, ZONE).at?.slice(0, 10)).toBe('2026-12-07');
    expect(previewDate('duration', 'P14D', START, ZONE).at).toBe('2026-12-07T10:00:00.000+03:00');
    expect(previewDate('date', '2027-06-01T09:00:00', START, ZONE).at).toBe('2027-06-01T09:00:00.000+03:00');
  });

  it('says why a value gives no date', () => {
    expect(previewDate('duration', 'две недели', START, ZONE).error).toMatch(/ISO 8601/);
    expect(previewDate('date', '=now( +', START, ZONE).error).toMatch(/FEEL/);
  });

  it('a value that reads process variables is not an error: it names them, and sample values give the date', () => {
    const due = '=date and time(date(diagnosticsDate), time("18:00:00"))';
    expect(previewDate('date', due, START, ZONE)).toEqual({ at: null, needs: ['diagnosticsDate'] });
    expect(previewDate('date', due, START, ZONE, { diagnosticsDate: '2026-12-20' }).at).toBe('2026-12-20T18:00:00.000+03:00');
    expect(previewDate('date', '=add working days(today(), days)', START, ZONE, { days: sampleValue('10') }).at?.slice(0, 10)).toBe('2026-12-07');
    // an unknown function stays an error, in Russian
    expect(previewDate('date', '=через(7)', START, ZONE).error).toBe('вызвана функция, которой в FEEL нет');
  });

  it('reads sample values as the administrator means them', () => {
    expect(sampleValue(' 12 ')).toBe(12);
    expect(sampleValue('true')).toBe(true);
    expect(sampleValue('2026-12-20')).toBe('2026-12-20');
    expect(sampleValue('Иванова')).toBe('Иванова');
  });

  it('checks timer values like the server', () => {
    expect(timerValueProblem('duration', 'P14D')).toBeNull();
    expect(timerValueProblem('cycle', 'R3/P7D')).toBeNull();
    expect(timerValueProblem('cycle', '0 9 * * 1')).toBeNull();
    expect(timerValueProblem('date', '2027-02-30')).not.toBeNull();
    expect(timerValueProblem('duration', '=duration("P1D")')).toBeNull();
  });
});
