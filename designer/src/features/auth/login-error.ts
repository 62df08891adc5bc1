import { ApiError } from '../../shared/api';

/** The i18n key and values for a failed sign-in. */
export function loginErrorMessage(error: unknown): { key: string; values?: Record<string, unknown> } {
  if (error instanceof ApiError) {
    if (error.unreachable) return { key: 'login.unreachable' };
    if (error.status === 401 || error.status === 400 || error.status === 403) return { key: 'login.wrongCredentials' };
    if (error.status === 429) {
      if (error.retryAfterSeconds) {
        return { key: 'login.tooManyAttemptsWait', values: { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) } };
      }
      return { key: 'login.tooManyAttempts' };
    }
    if (error.status >= 500) return { key: 'errors.server', values: { status: error.status, message: error.message } };
  }
  return { key: 'login.badAnswer' };
}
