import { weekdays } from '../testing/engine-test-kit.js';
import { nextTimerFiring, timerValueProblem } from './timer-spec.js';

const after = new Date('2026-03-02T09:00:00Z');
const zone = 'Asia/Kamchatka';

describe('timer specs', () => {
  it('given a date without offset, when scheduled, then it is the tenant wall clock; with an offset it is that instant', () => {
    expect(nextTimerFiring({ type: 'date', value: '2026-06-01' }, after, zone, weekdays)?.toISOString()).toBe('2026-05-31T12:00:00.000Z');
    expect(nextTimerFiring({ type: 'date', value: '2026-06-01T00:00:00Z' }, after, zone, weekdays)?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(nextTimerFiring({ type: 'date', value: '2026-06-01T00:00:00@Europe/Moscow' }, after, zone)?.toISOString()).toBe('2026-05-31T21:00:00.000Z');
    expect(nextTimerFiring({ type: 'date', value: '2026-06-01' }, after, zone, weekdays, 1)).toBeNull();
  });

  it('given a duration, when scheduled, then it fires once after the duration', () => {
    expect(nextTimerFiring({ type: 'duration', value: 'PT36H' }, after, zone)?.toISOString()).toBe('2026-03-03T21:00:00.000Z');
  });

  it('given R3/P7D, when fired repeatedly, then it fires three times a week apart', () => {
    const spec = { type: 'cycle' as const, value: 'R3/P7D' };
    const first = nextTimerFiring(spec, after, zone, weekdays, 0)!;
    const second = nextTimerFiring(spec, first, zone, weekdays, 1)!;
    const third = nextTimerFiring(spec, second, zone, weekdays, 2)!;
    expect([first, second, third].map((d) => d.toISOString())).toEqual([
      '2026-03-09T09:00:00.000Z',
      '2026-03-16T09:00:00.000Z',
      '2026-03-23T09:00:00.000Z',
    ]);
    expect(nextTimerFiring(spec, third, zone, weekdays, 3)).toBeNull();
  });

  it('given cron with 6 fields (seconds) and with 5 fields, when scheduled, then the next match in the tenant zone is returned', () => {
    // every weekday at 09:00:30 local
    expect(nextTimerFiring({ type: 'cycle', value: '30 0 9 * * MON-FRI' }, new Date('2026-03-06T22:00:00Z'), zone)?.toISOString()).toBe(
      '2026-03-08T21:00:30.000Z',
    );
    // 1st of June and October at 00:00 local
    expect(nextTimerFiring({ type: 'cycle', value: '0 0 1 6,10 *' }, after, zone)?.toISOString()).toBe('2026-05-31T12:00:00.000Z');
  });

  it('given invalid values, when validated, then each gets a human message', () => {
    expect(timerValueProblem({ type: 'date', value: 'first of June' })).toMatch(/not an ISO 8601 date/);
    expect(timerValueProblem({ type: 'duration', value: 'P3X' })).toMatch(/ISO 8601 duration/);
    expect(timerValueProblem({ type: 'cycle', value: 'R2/P0D' })).toMatch(/positive/);
    expect(timerValueProblem({ type: 'cycle', value: '0 0 25 * * *' })).toMatch(/cron/);
    expect(timerValueProblem({ type: 'cycle', value: 'R/2026-01-01T00:00:00/P1M' })).toBeNull();
  });
});
