import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { msg } from '../common/messages/message-catalogue.js';

/** Claims of an access token. */
export interface TokenClaims {
  /** User id. */
  sub: string;
  /** Session id (a row of `auth_session`). */
  sid: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * Signs and verifies access tokens: compact JWTs signed with HMAC-SHA256. The secret is
 * `JWT_SECRET` when set, else the `jwt_secret` system setting generated at first start.
 */
@Injectable()
export class TokenService {
  private secret?: Buffer;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The token lifetime in seconds (`TOKEN_TTL_SECONDS`). */
  get ttlSeconds(): number {
    return this.config.tokenTtlSeconds;
  }

  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    if (this.config.jwtSecret) {
      this.secret = Buffer.from(this.config.jwtSecret, 'utf8');
      return this.secret;
    }
    // The seed writes it at first start; make sure of it here too (same statement, idempotent).
    await this.ds.query(`INSERT INTO system_setting (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [
      randomBytes(32).toString('base64url'),
    ]);
    const [row] = await this.ds.query(`SELECT value FROM system_setting WHERE key = 'jwt_secret'`);
    this.secret = Buffer.from(row.value as string, 'utf8');
    return this.secret;
  }

  /** Signs `claims` into a compact JWT. */
  async sign(claims: TokenClaims): Promise<string> {
    const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
    const sig = createHmac('sha256', await this.key()).update(body).digest('base64url');
    return `${body}.${sig}`;
  }

  /**
   * Checks the signature and the expiry of `token` and returns its claims; throws a 401 that says
   * what is wrong (malformed, bad signature, expired).
   */
  async verify(token: string): Promise<TokenClaims> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new UnauthorizedException(msg('auth.tokenMalformed'));
    const [h, p, s] = parts;
    const expected = createHmac('sha256', await this.key()).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedException(msg('auth.tokenSignature'));
    }
    let header: { alg?: string };
    let claims: TokenClaims;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw new UnauthorizedException(msg('auth.tokenMalformed'));
    }
    if (header.alg !== 'HS256') throw new UnauthorizedException(msg('auth.tokenAlgorithm'));
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') {
      throw new UnauthorizedException(msg('auth.tokenClaims'));
    }
    if (claims.exp * 1000 <= Date.now()) throw new UnauthorizedException(msg('auth.tokenExpired'));
    return claims;
  }
}
