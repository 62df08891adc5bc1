/**
 * The signed-in user and the access token, kept in localStorage so a reload
 * keeps the session. Reactive, so the header follows sign-in and sign-out.
 */
import { reactive, readonly } from 'vue';

export interface RoleGrant {
  orgId: string;
  orgName: string;
  role: string;
}

export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  tenant: string | { id?: string; name?: string; key?: string } | null;
  roles: RoleGrant[];
  isSuperadmin: boolean;
  isTenantAdmin: boolean;
  /** May design the tenant's regulation (drafts, deployments, reference lists, the sandbox): a tenant administrator or `designer` at a root organisation. */
  canDesign?: boolean;
}

export const TOKEN_KEY = 'pd.token';
export const USER_KEY = 'pd.user';
export const WORK_TENANT_KEY = 'pd.workTenant';

/** The tenant the superadmin works in (chosen in the header or on the tenants page). */
export interface WorkTenant {
  id: string;
  key: string;
  name: string;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function loadUser(): SessionUser | null {
  const raw = storage()?.getItem(USER_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as SessionUser;
  } catch {
    return null;
  }
}

function loadWorkTenant(): WorkTenant | null {
  try {
    return JSON.parse(storage()?.getItem(WORK_TENANT_KEY) ?? 'null') as WorkTenant | null;
  } catch {
    return null;
  }
}

const state = reactive<{ token: string | null; user: SessionUser | null; workTenant: WorkTenant | null }>({
  token: storage()?.getItem(TOKEN_KEY) ?? null,
  user: loadUser(),
  workTenant: loadWorkTenant(),
});

export const session = readonly(state);

export function getToken(): string | null {
  return state.token;
}

export function isAuthenticated(): boolean {
  return !!state.token;
}

export function setSession(token: string, user: SessionUser): void {
  state.token = token;
  state.user = user;
  storage()?.setItem(TOKEN_KEY, token);
  storage()?.setItem(USER_KEY, JSON.stringify(user));
}

/** Chooses (or clears) the tenant the superadmin works in; requests then name it. */
export function setWorkTenant(tenant: WorkTenant | null): void {
  state.workTenant = tenant;
  if (tenant) storage()?.setItem(WORK_TENANT_KEY, JSON.stringify(tenant));
  else storage()?.removeItem(WORK_TENANT_KEY);
}

/**
 * The tenant key requests should name: the superadmin's chosen tenant (a tenant user acts in
 * their own tenant, which the server knows).
 */
export function requestTenant(): string | null {
  return state.user?.isSuperadmin ? (state.workTenant?.key ?? null) : null;
}

export function clearSession(): void {
  state.token = null;
  state.user = null;
  state.workTenant = null;
  storage()?.removeItem(WORK_TENANT_KEY);
  storage()?.removeItem(TOKEN_KEY);
  storage()?.removeItem(USER_KEY);
}

/** The tenant's display name, whatever shape the server sends. */
export function tenantName(
  user: (Pick<SessionUser, 'tenant'> & { tenantName?: string | null; tenantKey?: string | null }) | null | undefined,
): string {
  const t = user?.tenant;
  if (!t) return user?.tenantName ?? user?.tenantKey ?? '';
  if (typeof t === 'string') return t;
  return t.name ?? t.key ?? t.id ?? '';
}
