import type { AuthUser } from '../../identity/auth-user.types.js';

/**
 * The organisation paths under which a role holder may start a route for someone: those where they
 * hold a role allowed to start the process (`startRoles`; any role but `designer` when none is named)
 * or `admin`.
 */
export function actingPaths(user: AuthUser, roles: string[] | undefined): string[] {
  if (user.isSuperadmin) return [''];
  // `designer` designs the regulation and takes no part in it: it acts for nobody
  return user.memberships.filter((m) => m.role !== 'designer' && (m.role === 'admin' || !roles?.length || roles.includes(m.role))).map((m) => m.orgPath);
}

/** A person a role holder may start a route for: a variant role (or `admin`) at their organisation or above. */
export function mayActFor(user: AuthUser, orgPath: string, roles: string[] | undefined): boolean {
  return actingPaths(user, roles).some((p) => orgPath.startsWith(p));
}

/** A raisable message names roles: the caller holds one (or `admin`) at the instance's organisation or above. */
export function mayRaise(user: AuthUser, roles: string[] | undefined, orgPath: string | null): boolean {
  if (!roles?.length || user.isSuperadmin) return true;
  return !!orgPath && user.memberships.some((m) => (roles.includes(m.role) || m.role === 'admin') && orgPath.startsWith(m.orgPath));
}

/**
 * Where the caller may reassign a task at `orgPath`: the paths of their `admin` / `supervisor`
 * memberships at that organisation or above (the superadmin: everywhere) — empty when they may not.
 * The people they may give it to are looked for there.
 */
export function reassignPaths(user: AuthUser, orgPath: string | null): string[] {
  if (user.isSuperadmin) return [''];
  if (!orgPath) return [];
  return user.memberships.filter((m) => (m.role === 'admin' || m.role === 'supervisor') && orgPath.startsWith(m.orgPath)).map((m) => m.orgPath);
}
