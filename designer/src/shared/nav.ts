/**
 * What the signed-in user may use, from their memberships: the sections of the menu and the page
 * they land on. `admin` and `supervisor` are the system roles every tenant has; any other role is
 * a role of the regulation (a role holder who gets tasks and may be a route's subject).
 */
import type { SessionUser } from './session';

/** The sections of the main menu a user sees. */
export interface NavSections {
  inbox: boolean;
  routes: boolean;
  processes: boolean;
  supervision: boolean;
}

type NavUser = Pick<SessionUser, 'isSuperadmin' | 'isTenantAdmin'> & { roles?: readonly { role: string }[] | null };

/** The sections `user` may use. */
export function navSections(user: NavUser | null | undefined): NavSections {
  if (!user) return { inbox: false, routes: false, processes: false, supervision: false };
  const roles = (user.roles ?? []).map((r) => r.role);
  const admin = user.isSuperadmin || user.isTenantAdmin || roles.includes('admin');
  const supervisor = roles.includes('supervisor');
  const holder = roles.some((r) => r !== 'admin' && r !== 'supervisor');
  return {
    inbox: holder || (admin && !user.isSuperadmin),
    routes: holder,
    processes: admin,
    supervision: supervisor || admin,
  };
}

/** The page a user lands on: the inbox for role holders, supervision for supervisors, the processes for administrators. */
export function homeRoute(user: NavUser | null | undefined): 'inbox' | 'supervision' | 'processes' | 'login' {
  if (!user) return 'login';
  const s = navSections(user);
  if ((user.roles ?? []).some((r) => r.role !== 'admin' && r.role !== 'supervisor')) return 'inbox';
  if ((user.roles ?? []).some((r) => r.role === 'supervisor')) return 'supervision';
  if (s.processes) return 'processes';
  return 'inbox';
}
