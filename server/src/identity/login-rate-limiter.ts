import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { msg } from '../common/messages/message-catalogue.js';

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
/**
 * Per username and client address: 5 wrong passwords slow further attempts, 10 block them — from
 * that address only, so a stranger cannot lock the owner out of the owner's own address.
 */
export const USERNAME_LIMITS: ThrottleLimits = { slowAfter: 5, blockAfter: 10 };
/** Per username from any address: 5 wrong passwords slow every further attempt; never a block. */
export const ACCOUNT_LIMITS: ThrottleLimits = { slowAfter: 5, blockAfter: Infinity };
/**
 * Per client IP: higher, because a whole school often shares one address behind NAT; this limit
 * is against one client trying many usernames.
 */
export const IP_LIMITS: ThrottleLimits = { slowAfter: 20, blockAfter: 40 };

/** The attempt numbers an attempt got per key, from {@link LoginRateLimiter.before}. */
export interface ThrottleTicket {
  username: string;
  counts: { key: string; count: number; limits: ThrottleLimits }[];
  /** How long this attempt was held back (0 when not slowed). */
  delayedMs: number;
}

/**
 * Login throttling in the database (`login_throttle`), so that every server process sharing it
 * agrees. Each attempt is counted up front with one atomic upsert per key (the username from any
 * address, which only slows; the username from this address and the address alone, which block;
 * 15-minute window), so parallel attempts cannot slip past the limits; a success takes its count
 * back (the username's counters are cleared, the IP's decremented).
 */
@Injectable()
export class LoginRateLimiter {
  constructor(private readonly ds: DataSource) {}

  private keys(username: string, ip: string | null): { key: string; limits: ThrottleLimits }[] {
    const keys = [
      { key: userKey(username), limits: ACCOUNT_LIMITS },
      { key: `${userKey(username)}@${ip ?? 'unknown'}`, limits: USERNAME_LIMITS },
    ];
    if (ip) keys.push({ key: `ip:${ip}`, limits: IP_LIMITS });
    return keys;
  }

  /**
   * Before the password is checked: throws 429 with `retryAfterSeconds` while a key is blocked
   * (or when this attempt is past the block threshold), counts the attempt, and waits
   * {@link THROTTLE_DELAY_MS} when it is past the slow-down threshold of a key.
   */
  async before(username: string, ip: string | null): Promise<ThrottleTicket> {
    const keys = this.keys(username, ip);
    const locked: { retry: number }[] = await this.ds.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS retry FROM login_throttle
        WHERE key = ANY($1) AND locked_until > now() ORDER BY locked_until DESC LIMIT 1`,
      [keys.map((k) => k.key)],
    );
    if (locked.length) throw tooMany(Math.max(1, locked[0].retry));
    const ticket: ThrottleTicket = { username, counts: [], delayedMs: 0 };
    let slow = false;
    for (const { key, limits } of keys) {
      const [row] = await this.ds.query(
        `INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
           window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN now() ELSE t.window_start END
         RETURNING failures, ceil(extract(epoch FROM coalesce(locked_until, now()) - now()))::int AS retry`,
        [key, THROTTLE_WINDOW_SECONDS],
      );
      ticket.counts.push({ key, count: row.failures, limits });
      // Past the block threshold: a parallel attempt beat us to the lock, or the lock is being set.
      if (row.failures > limits.blockAfter) throw tooMany(row.retry > 0 ? row.retry : THROTTLE_WINDOW_SECONDS);
      if (row.failures > limits.slowAfter) slow = true;
    }
    if (slow) {
      await new Promise((res) => setTimeout(res, THROTTLE_DELAY_MS));
      ticket.delayedMs = THROTTLE_DELAY_MS;
    }
    return ticket;
  }

  /** The attempt failed: a key whose count reached its block threshold is locked for the window. */
  async failed(ticket: ThrottleTicket): Promise<void> {
    for (const { key, count, limits } of ticket.counts) {
      if (count >= limits.blockAfter) {
        await this.ds.query(`UPDATE login_throttle SET locked_until = now() + make_interval(secs => $2) WHERE key = $1`, [key, THROTTLE_WINDOW_SECONDS]);
      }
    }
  }

  /** The attempt succeeded: the username's counters are cleared, the IP's gets its count back. */
  async succeeded(ticket: ThrottleTicket): Promise<void> {
    await this.ds.query(`DELETE FROM login_throttle WHERE key = ANY($1)`, [ticket.counts.filter((c) => c.key.startsWith('user:')).map((c) => c.key)]);
    for (const { key } of ticket.counts.filter((c) => c.key.startsWith('ip:'))) {
      await this.ds.query(`UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1`, [key]);
    }
  }
}

function userKey(username: string): string {
  return `user:${username.trim().toLowerCase()}`;
}

function tooMany(retryAfterSeconds: number): HttpException {
  return new HttpException(
    { message: msg('auth.tooManyAttempts', { minutes: Math.ceil(retryAfterSeconds / 60) }), retryAfterSeconds },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
