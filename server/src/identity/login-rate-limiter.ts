import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Limits of one kind of key. */
export interface ThrottleLimits {
  /** Failures in the window after which each further attempt is delayed. */
  slowAfter: number;
  /** Failures in the window after which attempts are refused with 429 for `windowSeconds`. */
  blockAfter: number;
}

/** The window in which failures are counted, and how long a block lasts. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
/** Delay of an attempt once a key has `slowAfter` failures. */
export const THROTTLE_DELAY_MS = 1000;
/** Per username: 5 wrong passwords slow further attempts, 10 block them. */
export const USERNAME_LIMITS: ThrottleLimits = { slowAfter: 5, blockAfter: 10 };
/**
 * Per client IP: higher, because a whole school often shares one address behind NAT; this limit
 * is against one client trying many usernames.
 */
export const IP_LIMITS: ThrottleLimits = { slowAfter: 20, blockAfter: 40 };

interface KeyState {
  key: string;
  limits: ThrottleLimits;
}

/**
 * Login throttling in the database (`login_throttle`), so that every server process sharing it
 * agrees: failures are counted per username and per client IP over a 15-minute window.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(private readonly ds: DataSource) {}

  private keys(username: string, ip: string | null): KeyState[] {
    const keys: KeyState[] = [{ key: `user:${username.trim().toLowerCase()}`, limits: USERNAME_LIMITS }];
    if (ip) keys.push({ key: `ip:${ip}`, limits: IP_LIMITS });
    return keys;
  }

  /**
   * Before the password is checked: throws 429 with `retryAfterSeconds` while a key is blocked,
   * and waits {@link THROTTLE_DELAY_MS} when a key has reached its slow-down threshold.
   */
  async before(username: string, ip: string | null): Promise<void> {
    const keys = this.keys(username, ip);
    const rows: { key: string; failures: number; retry: number | null }[] = await this.ds.query(
      `SELECT key,
              CASE WHEN window_start > now() - make_interval(secs => $2) THEN failures ELSE 0 END AS failures,
              CASE WHEN locked_until > now() THEN ceil(extract(epoch FROM locked_until - now()))::int END AS retry
         FROM login_throttle WHERE key = ANY($1)`,
      [keys.map((k) => k.key), THROTTLE_WINDOW_SECONDS],
    );
    let slow = false;
    for (const r of rows) {
      if (r.retry !== null && r.retry > 0) throw tooMany(r.retry);
      const limits = keys.find((k) => k.key === r.key)!.limits;
      if (r.failures >= limits.slowAfter) slow = true;
    }
    if (slow) await new Promise((res) => setTimeout(res, THROTTLE_DELAY_MS));
  }

  /** Counts a failed attempt against every key; a key reaching its block threshold is locked. */
  async failed(username: string, ip: string | null): Promise<void> {
    for (const { key, limits } of this.keys(username, ip)) {
      await this.ds.query(
        `INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
           window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN now() ELSE t.window_start END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END) >= $3
             THEN now() + make_interval(secs => $2) ELSE t.locked_until END`,
        [key, THROTTLE_WINDOW_SECONDS, limits.blockAfter],
      );
    }
  }

  /** A successful login clears the username's counter (not the IP's). */
  async succeeded(username: string): Promise<void> {
    await this.ds.query(`DELETE FROM login_throttle WHERE key = $1`, [`user:${username.trim().toLowerCase()}`]);
  }
}

function tooMany(retryAfterSeconds: number): HttpException {
  return new HttpException(
    {
      message: `too many failed sign-in attempts: try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
      retryAfterSeconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
