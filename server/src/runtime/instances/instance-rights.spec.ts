import type { AuthUser } from '../../identity/auth-user.types.js';
import { actingPaths, mayActFor, mayRaise } from './instance-rights.js';

const user = (memberships: { orgPath: string; role: string }[], isSuperadmin = false): AuthUser => ({
  id: 'u', username: 'u', fullName: 'U', tenantId: 't', tenantKey: 't', isSuperadmin,
  memberships: memberships.map((m, i) => ({ orgId: `o${i}`, ...m })),
});

describe('who may act for whom, who may raise what', () => {
  const head = user([{ orgPath: '/r/m/s1/', role: 'head' }, { orgPath: '/r/m/', role: 'teacher' }]);

  it('given startRoles, the acting paths are where the caller holds one of them (or admin); without startRoles, any role', () => {
    expect(actingPaths(head, ['head'])).toEqual(['/r/m/s1/']);
    expect(actingPaths(head, undefined)).toEqual(['/r/m/s1/', '/r/m/']);
    expect(actingPaths(user([{ orgPath: '/r/', role: 'admin' }]), ['head'])).toEqual(['/r/']);
    expect(actingPaths(user([], true), ['head'])).toEqual(['']);
  });

  it('a person may be acted for at their organisation or below the caller\'s acting paths, not beside them', () => {
    expect(mayActFor(head, '/r/m/s1/', ['head'])).toBe(true);
    expect(mayActFor(head, '/r/m/s1/class/', ['head'])).toBe(true);
    expect(mayActFor(head, '/r/m/s2/', ['head'])).toBe(false);
  });

  it('a raisable message with roles needs one of them (or admin) at the instance organisation or above; without roles anyone who sees the instance', () => {
    expect(mayRaise(head, undefined, '/r/m/s2/')).toBe(true);
    expect(mayRaise(head, ['head'], '/r/m/s1/')).toBe(true);
    expect(mayRaise(head, ['head'], '/r/m/s2/')).toBe(false);
    expect(mayRaise(head, ['head'], null)).toBe(false);
    expect(mayRaise(user([{ orgPath: '/r/', role: 'admin' }]), ['head'], '/r/m/s2/')).toBe(true);
  });
});
