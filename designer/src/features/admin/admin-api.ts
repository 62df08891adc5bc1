/** The server contract of tenants, organisations, users and imports (`/api/tenants`, `/api/organizations`, `/api/users`, `/api/imports`). */
import { api } from '../../shared/api';

export interface TenantView {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  isActive: boolean;
  createdAt: string;
  /** Set for a designer sandbox: the key of the tenant it copies. */
  sandboxOf?: string | null;
}

export interface OrgView {
  id: string;
  parentId: string | null;
  name: string;
  level: string;
  path: string;
  isActive: boolean;
  namePath: string[];
  depth: number;
}

export interface MembershipView {
  orgId: string;
  orgName: string;
  orgLevel: string;
  role: string;
  roleName: string;
}

export interface UserItem {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  isActive: boolean;
  memberships: MembershipView[];
}

export interface UserDetail extends UserItem {
  profile: Record<string, unknown>;
}

export interface ProfileField {
  key: string;
  name: string;
  type: 'date' | 'number' | 'text' | 'select';
  options?: string[];
}

export interface RoleOption {
  key: string;
  name: string;
  level: string | null;
}

export interface ImportView {
  id: string;
  kind: 'organizations' | 'users';
  fileName: string | null;
  state: 'running' | 'done' | 'refused' | 'failed';
  stage: string;
  format: string | null;
  encoding: string | null;
  total: number;
  done: number;
  created: number;
  refused: { row: number; reason: string }[];
  message: string | null;
}

const list = <T>(r: T[] | { items: T[] }): T[] => (Array.isArray(r) ? r : r.items);

export const listTenants = () => api.get<TenantView[] | { items: TenantView[] }>('/tenants').then(list);
export const createTenant = (body: { key: string; name: string; timeZone: string }) => api.post<TenantView>('/tenants', body);
export const updateTenant = (id: string, body: { name?: string; timeZone?: string }) => api.patch<TenantView>(`/tenants/${encodeURIComponent(id)}`, body);
export const deactivateTenant = (id: string) => api.post<TenantView>(`/tenants/${encodeURIComponent(id)}/deactivate`);

export const listOrgs = () => api.get<OrgView[] | { items: OrgView[] }>('/organizations').then(list);
export const createOrg = (body: { name: string; level: string; parentId?: string }) => api.post<OrgView>('/organizations', body);
export const renameOrg = (id: string, name: string) => api.patch<OrgView>(`/organizations/${encodeURIComponent(id)}`, { name });
export const deactivateOrg = (id: string) => api.post<OrgView>(`/organizations/${encodeURIComponent(id)}/deactivate`);

export const listUsers = (query: { orgId?: string; q?: string; page?: number; size?: number }) =>
  api.get<{ items: UserItem[]; total: number }>('/users', query);
export const getUser = (id: string) => api.get<UserDetail>(`/users/${encodeURIComponent(id)}`);
export const createUser = (body: { username: string; password: string; fullName: string; email?: string; memberships: { orgId: string; role: string }[]; profile?: Record<string, unknown> }) =>
  api.post<UserDetail>('/users', body);
export const updateUser = (id: string, body: { fullName?: string; email?: string | null; password?: string; memberships?: { orgId: string; role: string }[]; profile?: Record<string, unknown> }) =>
  api.patch<UserDetail>(`/users/${encodeURIComponent(id)}`, body);
export const deactivateUser = (id: string) => api.post<UserItem>(`/users/${encodeURIComponent(id)}/deactivate`);

export const listProfileFields = () => api.get<{ items: ProfileField[] }>('/profile-fields').then((r) => r.items);
export const listVariantRoles = () =>
  api
    .get<{ items: { levels: string[]; levelNames?: Record<string, string> | null; roles: { key: string; name: string; level: string }[] }[] }>('/variants')
    .then((r) => r.items);

export const startImport = (body: { kind: 'organizations' | 'users'; fileName: string; content: string; encoding: 'auto' | 'utf-8' | 'windows-1251' }) =>
  api.post<ImportView>('/imports', body);
export const getImport = (id: string) => api.get<ImportView>(`/imports/${encodeURIComponent(id)}`);

/** The bytes of a file as base64 (for `POST /api/imports`). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The roles that may be given at an organisation of `level` (`null`: all): `admin` and `supervisor`
 * at any level, `designer` (tenant-wide: drafts, deployments, reference lists, the sandbox) only
 * at a root organisation (`atRoot`), the variants' roles at their level.
 */
export function roleOptions(variants: { roles: { key: string; name: string; level: string }[] }[], level: string | null, atRoot = true): RoleOption[] {
  const out: RoleOption[] = [
    { key: 'admin', name: 'Администратор', level: null },
    { key: 'supervisor', name: 'Наблюдатель (супервизор)', level: null },
    ...(atRoot ? [{ key: 'designer', name: 'Разработчик регламента', level: null }] : []),
  ];
  for (const v of variants) for (const r of v.roles ?? []) {
    if ((level === null || r.level === level) && !out.some((o) => o.key === r.key)) out.push({ key: r.key, name: r.name, level: r.level });
  }
  return out;
}
