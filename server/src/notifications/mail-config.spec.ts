import { loadMailConfig, mailRetryDelayMs } from './mail-config.js';

describe('mail configuration', () => {
  test('no SMTP_URL means no e-mail; defaults for the rest', () => {
    const c = loadMailConfig({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.maxAttempts).toBe(50);
    expect(loadMailConfig({ SMTP_URL: ' smtp://h:25 ', APP_URL: 'https://x.ru/' })).toMatchObject({ smtpUrl: 'smtp://h:25', appUrl: 'https://x.ru' });
  });

  test('retry delays double from the base and stop at one hour', () => {
    expect([1, 2, 3].map((a) => mailRetryDelayMs(a, 30_000))).toEqual([30_000, 60_000, 120_000]);
    expect(mailRetryDelayMs(30, 30_000)).toBe(3_600_000);
  });
});
