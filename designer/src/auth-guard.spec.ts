import { describe, expect, it } from 'vitest';
import { authGuard } from './auth-guard';

const route = (name: string, fullPath: string, isPublic = false) => ({ name, fullPath, meta: { public: isPublic } });

describe('authGuard', () => {
  it('sends an unauthenticated user to login, remembering where they wanted to go', () => {
    expect(authGuard(route('task', '/inbox/tasks/7'), false)).toEqual({ name: 'login', query: { redirect: '/inbox/tasks/7' } });
    expect(authGuard(route('root', '/'), false)).toEqual({ name: 'login', query: {} });
  });

  it('lets an unauthenticated user see the login page', () => {
    expect(authGuard(route('login', '/login', true), false)).toBe(true);
  });

  it('lets a signed-in user through, and away from the login page', () => {
    expect(authGuard(route('inbox', '/inbox'), true)).toBe(true);
    expect(authGuard(route('login', '/login', true), true)).toEqual({ name: 'home' });
  });
});
