import { describe, expect, it } from 'vitest';
import { homeRoute, navSections } from './nav';

const user = (roles: string[], extra: { isSuperadmin?: boolean; isTenantAdmin?: boolean; canDesign?: boolean } = {}) => ({
  isSuperadmin: false,
  isTenantAdmin: false,
  ...extra,
  roles: roles.map((role) => ({ role })),
});

describe('the menu follows what the user may use', () => {
  it('a role holder gets the inbox and her routes, not the modeler or supervision', () => {
    expect(navSections(user(['teacher']))).toEqual({ inbox: true, routes: true, processes: false, supervision: false, people: false });
    expect(homeRoute(user(['teacher']))).toBe('inbox');
  });

  it('a supervisor lands on supervision and has no inbox', () => {
    expect(navSections(user(['supervisor']))).toEqual({ inbox: false, routes: false, processes: false, supervision: true, people: false });
    expect(homeRoute(user(['supervisor']))).toBe('supervision');
  });

  it('an administrator gets the processes and supervision; the superadmin no inbox', () => {
    expect(navSections(user(['admin'], { isTenantAdmin: true, canDesign: true }))).toMatchObject({ processes: true, supervision: true, routes: false, people: true });
    expect(homeRoute(user(['admin'], { isTenantAdmin: true }))).toBe('processes');
    expect(navSections(user([], { isSuperadmin: true }))).toMatchObject({ inbox: false, processes: true });
  });

  it('an administrator of a branch administers its people and watches it; the processes are tenant-wide, not hers', () => {
    expect(navSections(user(['admin']))).toEqual({ inbox: true, routes: false, processes: false, supervision: true, people: true });
    expect(homeRoute(user(['admin']))).toBe('supervision');
  });

  it('a designer (granted at the root) gets the processes only: no inbox, people or supervision', () => {
    expect(navSections(user(['designer'], { canDesign: true }))).toEqual({ inbox: false, routes: false, processes: true, supervision: false, people: false });
    expect(homeRoute(user(['designer'], { canDesign: true }))).toBe('processes');
    // a designer who is also a teacher lands in her inbox and keeps the processes
    expect(navSections(user(['designer', 'teacher'], { canDesign: true }))).toMatchObject({ inbox: true, processes: true });
  });

  it('nobody signed in sees nothing', () => {
    expect(navSections(null)).toEqual({ inbox: false, routes: false, processes: false, supervision: false, people: false });
    expect(homeRoute(null)).toBe('login');
  });
});
