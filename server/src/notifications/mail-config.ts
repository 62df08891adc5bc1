/** E-mail settings (read by the configuration loader, `server/src/config/`). */
export type { MailConfig } from '../config/app-config.js';

/** Delay before try `attempt + 1` after `attempt` failed tries: base · 2^(attempt−1), at most one hour. */
export function mailRetryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
}
