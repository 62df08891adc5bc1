/**
 * Roles every tenant has besides the roles its variants declare. They may be held at an
 * organisation of any level and reach its whole subtree.
 */
export const SYSTEM_ROLES = {
  /** Administers the tenant's subtree under the organisation: deploys, users, organisations. */
  admin: 'Администратор',
  /** Sees the instances, alerts and indicators of the subtree under the organisation. */
  supervisor: 'Наблюдатель (супервизор)',
} as const;

/** Key of a system role. */
export type SystemRole = keyof typeof SYSTEM_ROLES;

/** True when `role` is a system role (`admin`, `supervisor`). */
export function isSystemRole(role: string): role is SystemRole {
  return Object.prototype.hasOwnProperty.call(SYSTEM_ROLES, role);
}
