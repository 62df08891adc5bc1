import { api } from '../../shared/api';
import type { SessionUser } from '../../shared/session';

export interface LoginAnswer {
  accessToken: string;
  user: SessionUser;
}

/** `POST /api/auth/login`; anonymous, so a 401 here means wrong credentials, not an expired session. */
export function login(username: string, password: string): Promise<LoginAnswer> {
  return api.post<LoginAnswer>('/auth/login', { username, password }, { anonymous: true });
}
