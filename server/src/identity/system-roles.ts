/**
 * Roles every tenant has besides the roles its variants declare. `admin` and `supervisor` may be
 * held at an organisation of any level and reach its whole subtree; `designer` only at a root
 * organisation (it is tenant-wide).
 */
export const SYSTEM_ROLES = {
  /** Administers the subtree under the organisation (users, organisations); at a root organisation the whole tenant (deploys too). */
  admin: 'Администратор',
  /** Sees the instances, alerts and indicators of the subtree under the organisation. */
  supervisor: 'Наблюдатель (супервизор)',
  /**
   * Designs the tenant's regulation — drafts, deployments, reference lists, the sandbox — without
   * power over people, personal data or running instances: the right a root administrator grants
   * explicitly, held at a root organisation.
   */
  designer: 'Разработчик регламента',
} as const;

/** System roles that are tenant-wide and so may only be held at a root organisation. */
export const ROOT_ONLY_ROLES: readonly SystemRole[] = ['designer'];

/** Key of a system role. */
export type SystemRole = keyof typeof SYSTEM_ROLES;

/** True when `role` is a system role (`admin`, `supervisor`). */
export function isSystemRole(role: string): role is SystemRole {
  return Object.prototype.hasOwnProperty.call(SYSTEM_ROLES, role);
}
