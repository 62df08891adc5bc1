import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../test/memory-storage';

const user = {
  id: 'u1',
  username: 'ivanova',
  fullName: 'Иванова Мария Петровна',
  tenant: { id: 't1', name: 'Камчатский край' },
  roles: [],
  isSuperadmin: false,
  isTenantAdmin: true,
};

afterEach(() => vi.unstubAllGlobals());

describe('session', () => {
  it('keeps token and user in localStorage across a reload, and forgets them on sign-out', async () => {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    vi.resetModules();
    const first = await import('./session');
    expect(first.isAuthenticated()).toBe(false);
    first.setSession('tok', user);
    expect(storage.getItem(first.TOKEN_KEY)).toBe('tok');

    vi.resetModules(); // a page reload
    const second = await import('./session');
    expect(second.getToken()).toBe('tok');
    expect(second.session.user?.fullName).toBe('Иванова Мария Петровна');
    second.clearSession();
    expect(second.isAuthenticated()).toBe(false);
    expect(storage.getItem(second.TOKEN_KEY)).toBeNull();
    expect(storage.getItem(second.USER_KEY)).toBeNull();
  });

  it('names the tenant whatever shape the server sends', async () => {
    const { tenantName } = await import('./session');
    expect(tenantName({ tenant: 'Красноярский край' })).toBe('Красноярский край');
    expect(tenantName({ tenant: { name: 'Камчатский край', key: 'kamchatka' } })).toBe('Камчатский край');
    expect(tenantName({ tenant: null, tenantKey: 'motygino' })).toBe('motygino');
    expect(tenantName(null)).toBe('');
  });
});
