import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.resetModules();
  vi.stubGlobal('localStorage', new MemoryStorage());
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('auth API', () => {
  it('logs in anonymously with { username, password }', async () => {
    const { login } = await import('./auth-api');
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ accessToken: 'a.b.c', expiresAt: '2030-01-01T00:00:00Z', user: { id: 'u' } }), {
      status: 200, headers: { 'content-type': 'application/json' },
    }));
    const answer = await login('ivanova', 'secret-pass');
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(init.body as string)).toEqual({ username: 'ivanova', password: 'secret-pass' });
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect(answer.expiresAt).toBe('2030-01-01T00:00:00Z');
  });

  it('signs out on the server with the token (ending the session and its cookie), then forgets the session', async () => {
    const { setSession, getToken } = await import('../../shared/session');
    const { signOut } = await import('./auth-api');
    setSession('tok', { id: 'u', username: 'x', fullName: 'X', tenant: null, roles: [], isSuperadmin: false, isTenantAdmin: false });
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await signOut();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/logout');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(getToken()).toBeNull();
  });

  it('forgets the session even when the server cannot be reached', async () => {
    const { setSession, getToken } = await import('../../shared/session');
    const { signOut } = await import('./auth-api');
    setSession('tok', { id: 'u', username: 'x', fullName: 'X', tenant: null, roles: [], isSuperadmin: false, isTenantAdmin: false });
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await signOut();
    expect(getToken()).toBeNull();
  });
});
