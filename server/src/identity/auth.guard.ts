import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '../common/public.decorator.js';
import type { AuthenticatedRequest } from './auth-user.types.js';
import { SessionService } from './session.service.js';
import { TokenService } from './token.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** Name of the HttpOnly cookie that carries the access token for the web app. */
export const SESSION_COOKIE = 'pd_session';

/** The access token of a request: `Authorization: Bearer …` first, else the `pd_session` cookie. */
export function tokenOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : undefined;
  }
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) {
      const v = part.slice(i + 1).trim();
      if (!v) return undefined;
      // A malformed cookie is no token (a 401 where one is needed), never a failed request.
      try {
        return decodeURIComponent(v);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The global guard: every route needs a valid access token unless it is `@Public()`. It checks
 * the signature and expiry, then (one query) that the session is open and the user and tenant are
 * active, and puts the {@link AuthUser} on the request. A public route with a valid token gets
 * the user too.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const token = tokenOf(req);
    if (!token) {
      if (isPublic) return true;
      if (req.headers.authorization) throw new UnauthorizedException(msg('auth.badAuthorizationHeader'));
      throw new UnauthorizedException(msg('auth.required'));
    }
    try {
      const claims = await this.tokens.verify(token);
      req.authUser = await this.sessions.authenticate(claims);
      req.authSessionId = claims.sid;
    } catch (e) {
      if (isPublic) return true;
      throw e;
    }
    return true;
  }
}
