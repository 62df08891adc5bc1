import { describe, expect, it } from 'vitest';
import { homeRoute, navSections } from './nav';

const user = (roles: string[], extra: { isSuperadmin?: boolean; isTenantAdmin?: boolean } = {}) => ({
  isSuperadmin: false,
  isTenantAdmin: false,
  ...extra,
  roles: roles.map((role) => ({ role })),
});

describe('the menu follows what the user may use', () => {
  it('a role holder gets the inbox and her routes, not the modeler or supervision', () => {
    expect(navSections(user(['teacher']))).toEqual({ inbox: true, routes: true, processes: false, supervision: false });
    expect(homeRoute(user(['teacher']))).toBe('inbox');
  });

  it('a supervisor lands on supervision and has no inbox', () => {
    expect(navSections(user(['supervisor']))).toEqual({ inbox: false, routes: false, processes: false, supervision: true });
    expect(homeRoute(user(['supervisor']))).toBe('supervision');
  });

  it('an administrator gets the processes and supervision; the superadmin no inbox', () => {
    expect(navSections(user(['admin'], { isTenantAdmin: true }))).toMatchObject({ processes: true, supervision: true, routes: false });
    expect(homeRoute(user(['admin'], { isTenantAdmin: true }))).toBe('processes');
    expect(navSections(user([], { isSuperadmin: true }))).toMatchObject({ inbox: false, processes: true });
  });

  it('nobody signed in sees nothing', () => {
    expect(navSections(null)).toEqual({ inbox: false, routes: false, processes: false, supervision: false });
    expect(homeRoute(null)).toBe('login');
  });
});
