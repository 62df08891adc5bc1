/**
 * What the signed-in user may use, from their memberships: the sections of the menu and the page
 * they land on. `admin`, `supervisor` and `designer` are the system roles every tenant has; any
 * other role is a role of the regulation (a role holder who gets tasks and may be a route's subject).
 * Authority follows the tree: an administrator of a branch administers its people and watches it;
 * the processes (drafts, deployments, the sandbox) are tenant-wide — a tenant administrator's, or
 * a designer's (`designer` at a root organisation, granted by a tenant administrator).
 */
import type { SessionUser } from './session';

/** The sections of the main menu a user sees. */
export interface NavSections {
  inbox: boolean;
  routes: boolean;
  processes: boolean;
  supervision: boolean;
  people: boolean;
}

/** The system roles: what is not one of them is a role of the regulation. */
const SYSTEM_ROLES = ['admin', 'supervisor', 'designer'];

type NavUser = Pick<SessionUser, 'isSuperadmin' | 'isTenantAdmin' | 'canDesign'> & { roles?: readonly { role: string }[] | null };

/** The sections `user` may use. */
export function navSections(user: NavUser | null | undefined): NavSections {
  if (!user) return { inbox: false, routes: false, processes: false, supervision: false, people: false };
  const roles = (user.roles ?? []).map((r) => r.role);
  const admin = user.isSuperadmin || user.isTenantAdmin || roles.includes('admin');
  const supervisor = roles.includes('supervisor');
  const holder = roles.some((r) => !SYSTEM_ROLES.includes(r));
  return {
    inbox: holder || (admin && !user.isSuperadmin),
    routes: holder,
    processes: user.isSuperadmin || user.isTenantAdmin || !!user.canDesign,
    supervision: supervisor || admin,
    people: admin,
  };
}

/**
 * The page a user lands on: the inbox for role holders, supervision for supervisors, the processes
 * for tenant administrators and designers, supervision for an administrator of a branch.
 */
export function homeRoute(user: NavUser | null | undefined): 'inbox' | 'supervision' | 'processes' | 'login' {
  if (!user) return 'login';
  const s = navSections(user);
  if ((user.roles ?? []).some((r) => !SYSTEM_ROLES.includes(r.role))) return 'inbox';
  if ((user.roles ?? []).some((r) => r.role === 'supervisor')) return 'supervision';
  if (s.processes) return 'processes';
  if (s.supervision) return 'supervision';
  return 'inbox';
}
