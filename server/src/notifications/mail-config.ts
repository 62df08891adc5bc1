/** E-mail settings read from the environment (documented in README.md). */
export interface MailConfig {
  /** `SMTP_URL`, e.g. `smtp://user:pass@mail.example.ru:587` or `smtps://…:465`; unset: no e-mail. */
  smtpUrl?: string;
  /** `SMTP_FROM`: the sender address. */
  from: string;
  /** `MAIL_POLL_INTERVAL_MS`: how often the dispatcher looks for due messages (it also wakes on new ones). */
  pollIntervalMs: number;
  /** `MAIL_RETRY_BASE_MS`: the first retry delay; each next one doubles, up to one hour. */
  retryBaseMs: number;
  /** `MAIL_MAX_ATTEMPTS`: tries before a message is marked failed. */
  maxAttempts: number;
  /** `APP_URL`: the public address of the web app, for links in messages (optional). */
  appUrl?: string;
}

function num(raw: string | undefined, fallback: number, min: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n >= min ? n : fallback;
}

/** Reads {@link MailConfig} from `env`. */
export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  return {
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    from: env.SMTP_FROM?.trim() || 'Маршруты <no-reply@localhost>',
    pollIntervalMs: num(env.MAIL_POLL_INTERVAL_MS, 10_000, 50),
    retryBaseMs: num(env.MAIL_RETRY_BASE_MS, 30_000, 10),
    maxAttempts: num(env.MAIL_MAX_ATTEMPTS, 50, 1),
    appUrl: env.APP_URL?.trim().replace(/\/+$/, '') || undefined,
  };
}

/** Delay before try `attempt + 1` after `attempt` failed tries: base · 2^(attempt−1), at most one hour. */
export function mailRetryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
}
