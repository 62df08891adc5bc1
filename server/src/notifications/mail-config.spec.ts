import { mailRetryDelayMs } from './mail-config.js';

describe('mail retries', () => {
  test('retry delays double from the base and stop at one hour', () => {
    expect([1, 2, 3].map((a) => mailRetryDelayMs(a, 30_000))).toEqual([30_000, 60_000, 120_000]);
    expect(mailRetryDelayMs(30, 30_000)).toBe(3_600_000);
  });
});
