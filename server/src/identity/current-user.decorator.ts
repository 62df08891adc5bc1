import { createParamDecorator, UnauthorizedException } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthUser } from './auth-user.types.js';
import { msg } from '../common/messages/message-catalogue.js';

/**
 * The authenticated caller ({@link AuthUser}) of the request, as loaded by the global guard.
 * On a `@Public()` route without a token there is none: the handler gets a 401.
 */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.authUser) throw new UnauthorizedException(msg('auth.required'));
  return req.authUser;
});
