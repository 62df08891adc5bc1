import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { loginErrorMessage } from './login-error';

const err = (status: number, retryAfterSeconds?: number) =>
  new ApiError({ status, method: 'POST', path: '/api/auth/login', message: 'x', retryAfterSeconds });

describe('loginErrorMessage', () => {
  it('says wrong credentials on 401', () => {
    expect(loginErrorMessage(err(401))).toEqual({ key: 'login.wrongCredentials' });
  });
  it('says too many attempts on 429, with the wait when the server gives it', () => {
    expect(loginErrorMessage(err(429))).toEqual({ key: 'login.tooManyAttempts' });
    expect(loginErrorMessage(err(429, 90))).toEqual({ key: 'login.tooManyAttemptsWait', values: { minutes: 2 } });
  });
  it('says the server is unreachable on a network failure', () => {
    expect(loginErrorMessage(err(0))).toEqual({ key: 'login.unreachable' });
  });
  it('reports server errors with their status', () => {
    expect(loginErrorMessage(err(500))).toEqual({ key: 'errors.server', values: { status: 500, message: 'x' } });
  });
});
