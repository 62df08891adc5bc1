import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/public.decorator.js';
import { SESSION_COOKIE } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import type { AuthenticatedRequest, AuthUser } from './auth-user.types.js';
import { CurrentUser } from './current-user.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { clientIp } from './request-origin.js';
import { UserService } from './user.service.js';

/** `/api/auth`: login, logout, the signed-in user. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in: returns an access token (also set as the HttpOnly cookie pd_session) and the user',
    description: 'After 5 wrong passwords for a username in 15 minutes each attempt waits 1 s; after 10 the username is refused with 429 and retryAfterSeconds for 15 minutes (per IP: 20 and 40).',
  })
  @ApiOkResponse({ description: '{ accessToken, expiresAt, user }' })
  @ApiUnauthorizedResponse({ description: 'wrong username or password, or a deactivated user or tenant' })
  @ApiTooManyRequestsResponse({ description: '{ message, retryAfterSeconds }' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      const answer = await this.auth.login(dto.username, dto.password, clientIp(req), req.headers['user-agent'] ?? null);
      res.cookie(SESSION_COOKIE, answer.accessToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: '/',
        expires: new Date(answer.expiresAt),
      });
      return answer;
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === HttpStatus.TOO_MANY_REQUESTS) {
        const body = e.getResponse() as { retryAfterSeconds?: number };
        if (body.retryAfterSeconds) res.setHeader('Retry-After', String(body.retryAfterSeconds));
      }
      throw e;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'Sign out: ends the session of the token at once and clears the cookie (204 also without a valid token)' })
  async logout(@Req() req: Request & AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (req.authSessionId) await this.auth.logout(req.authSessionId);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'The signed-in user: tenant, memberships with role names, superadmin and tenant-admin flags' })
  me(@CurrentUser() user: AuthUser) {
    return this.users.sessionUser(user.id);
  }
}
