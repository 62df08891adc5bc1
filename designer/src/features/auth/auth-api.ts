import { api } from '../../shared/api';
import { clearSession, type SessionUser } from '../../shared/session';

export interface LoginAnswer {
  accessToken: string;
  /** when the token (and the server session) ends, ISO time */
  expiresAt?: string;
  user: SessionUser;
}

/** `POST /api/auth/login`; anonymous, so a 401 here means wrong credentials, not an expired session. */
export function login(username: string, password: string): Promise<LoginAnswer> {
  return api.post<LoginAnswer>('/auth/login', { username, password }, { anonymous: true });
}

/**
 * Signs out: `POST /api/auth/logout` with the token ends the server session and clears the
 * HttpOnly session cookie (which the browser would otherwise keep sending), then forgets the
 * local session. The local session is forgotten even when the server cannot be reached.
 */
export async function signOut(): Promise<void> {
  try {
    await api.post<void>('/auth/logout', {});
  } catch {
    // unreachable or already ended: nothing more to revoke from here
  } finally {
    clearSession();
  }
}
