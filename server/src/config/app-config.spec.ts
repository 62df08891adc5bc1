import { ConfigError, loadConfig } from './app-config.js';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration', () => {
  test('defaults on the embedded default', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000, host: '0.0.0.0', demoData: true, adminPassword: 'admin-demo', engineClock: 'real', logLevel: 'log', logFormat: 'text',
      dbPoolSize: 20, dbReadPoolSize: 8,
      jobs: { pollIntervalMs: 1000, batchSize: 64, concurrency: 8, lockDurationMs: 60_000, groupSize: 32 },
      mail: { smtpUrl: undefined, maxAttempts: 50, pollIntervalMs: 10_000, retryBaseMs: 30_000 },
      digest: { hour: 8, enabled: true },
      metrics: { token: undefined, port: undefined, host: '127.0.0.1' },
    });
  });

  test('an external database turns the demo off and requires no demo password', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/pd' });
    expect(c.demoData).toBe(false);
    expect(c.adminPassword).toBeUndefined();
  });

  test('values are read and trimmed; URLs lose a trailing slash', () => {
    const c = loadConfig({ JOB_BATCH_SIZE: ' 128 ', SMTP_URL: ' smtp://h:25 ', APP_URL: 'https://x.ru/', DIGEST_HOUR: '7', ENGINE_CLOCK: 'simulated', LOG_FORMAT: 'json' });
    expect(c.jobs.batchSize).toBe(128);
    expect(c.mail).toMatchObject({ smtpUrl: 'smtp://h:25', appUrl: 'https://x.ru' });
    expect(c.digest).toEqual({ hour: 7, enabled: false });
    expect(c.logFormat).toBe('json');
    expect(loadConfig({ ENGINE_CLOCK: 'simulated', DIGEST_ENABLED: 'true' }).digest.enabled).toBe(true);
    expect(loadConfig({ DIGEST_ENABLED: 'off' }).digest.enabled).toBe(false);
  });

  test('a bad value is refused with the variable, the value and what is allowed', () => {
    expect(refusal({ JOB_BATCH_SIZE: 'abc' })).toContain('JOB_BATCH_SIZE="abc": allowed is a whole number from 1 to 10000');
    expect(refusal({ JOB_CONCURRENCY: '1.5' })).toContain('JOB_CONCURRENCY="1.5"');
    expect(refusal({ DIGEST_HOUR: '25' })).toContain('DIGEST_HOUR="25": allowed is a whole number from 0 to 23');
    expect(refusal({ DEMO_DATA: 'maybe' })).toContain('DEMO_DATA="maybe": allowed is true or false');
    expect(refusal({ LOG_FORMAT: 'xml' })).toContain('LOG_FORMAT="xml": allowed is one of text, json');
    expect(refusal({ SMTP_URL: 'mail.example.ru' })).toContain('SMTP_URL="mail.example.ru": allowed is a URL starting with smtp:// or smtps://');
    expect(refusal({ METRICS_TOKEN: 'short' })).toContain('METRICS_TOKEN');
  });

  test('every bad setting is named at once; a password in a refused URL is hidden', () => {
    const m = refusal({ PORT: '-1', MAIL_MAX_ATTEMPTS: '0', DATABASE_URL: 'mysql://u:secret@h/db' });
    expect(m).toContain('PORT="-1"');
    expect(m).toContain('MAIL_MAX_ATTEMPTS="0"');
    expect(m).toContain('DATABASE_URL="mysql://u:***@h/db"');
    expect(m).not.toContain('secret');
  });
});
