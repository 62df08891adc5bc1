/**
 * Turns any thrown value into a message for the user, in the current language.
 */
import { ApiError } from './api';

type T = (key: string, values?: Record<string, unknown>) => string;

export function describeError(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.unreachable) return t('errors.unreachable');
    if (error.notImplemented) return t('errors.notImplemented', { endpoint: `${error.method} ${error.path}` });
    // a message of the server's catalogue is already worded for the user, in the interface's language
    if (error.code && error.message && error.status < 500 && error.status !== 401) return error.message;
    switch (error.status) {
      case 401:
        return t('errors.unauthorized');
      case 403:
        return t('errors.forbidden');
      case 404:
        return t('errors.notFound', { message: error.message });
      case 409:
        return t('errors.conflict', { message: error.message });
      case 429:
        return t('errors.tooManyRequests');
    }
    if (error.status >= 500) return t('errors.server', { status: error.status, message: error.message });
    return error.message || t('errors.unknown');
  }
  if (error instanceof Error && error.message) return t('errors.client', { message: error.message });
  return t('errors.unknown');
}
