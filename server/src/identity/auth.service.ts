import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { SessionService } from './session.service.js';
import { TokenService } from './token.service.js';
import { UserService } from './user.service.js';
import type { SessionUserView } from './user.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** The answer of a successful login. */
export interface LoginAnswer {
  accessToken: string;
  expiresAt: string;
  user: SessionUserView;
}

/** One message for a wrong username and a wrong password alike. */
export const WRONG_CREDENTIALS = msg('auth.wrongCredentials');

// Verifying against this hash when the username is unknown keeps the timing of both cases alike.
let dummyHash: Promise<string> | undefined;

/** Sign-in and sign-out: checks the password (argon2), throttles failures, opens and ends sessions. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly limiter: LoginRateLimiter,
    private readonly users: UserService,
  ) {}

  /**
   * Signs a user in: throttled per username and IP; the user and its tenant must be active. The
   * same 401 for an unknown username and a wrong password. The password is never logged.
   */
  async login(username: string, password: string, ip: string | null, userAgent: string | null): Promise<LoginAnswer> {
    const ticket = await this.limiter.before(username, ip);
    const rows = await this.ds.query(
      `SELECT u.id, u.password_hash, u.is_active, coalesce(t.is_active, true) AS tenant_active
         FROM app_user u LEFT JOIN tenant t ON t.id = u.tenant_id
        WHERE lower(u.username) = lower($1)`,
      [username.trim()],
    );
    const u = rows[0];
    dummyHash ??= argon2.hash('not-a-password-of-anyone');
    const ok = u ? await argon2.verify(u.password_hash, password).catch(() => false) : await argon2.verify(await dummyHash, password).then(() => false);
    if (!ok) {
      await this.limiter.failed(ticket);
      // `delayedMs` tells the client (and tests, without timing anything) that the attempt was slowed down.
      throw new UnauthorizedException({ message: WRONG_CREDENTIALS, delayedMs: ticket.delayedMs });
    }
    // Right password: say why an inactive account may not sign in.
    await this.limiter.succeeded(ticket);
    if (!u.is_active) throw new UnauthorizedException(msg('auth.userDeactivated'));
    if (!u.tenant_active) throw new UnauthorizedException(msg('auth.tenantDeactivated'));
    const session = await this.sessions.open(u.id, this.tokens.ttlSeconds, ip, userAgent);
    const accessToken = await this.tokens.sign({
      sub: u.id,
      sid: session.id,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(session.expiresAt.getTime() / 1000),
    });
    this.logger.log(`signed in: user ${u.id} (session ${session.id})`);
    return { accessToken, expiresAt: session.expiresAt.toISOString(), user: await this.users.sessionUser(u.id) };
  }

  /** Ends a session. */
  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }
}
