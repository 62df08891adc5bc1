/** A membership of the authenticated user: a role at an organisation (with its tree path). */
export interface AuthMembership {
  orgId: string;
  /** The organisation's path `/<root>/…/<own>/`: a subtree is every path with this prefix. */
  orgPath: string;
  role: string;
}

/**
 * The authenticated caller, loaded by the global guard on every request (one indexed query) and
 * handed to handlers by `@CurrentUser()`. Memberships at deactivated organisations are left out.
 */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  /** Null for the superadmin, who belongs to no tenant. */
  tenantId: string | null;
  tenantKey: string | null;
  isSuperadmin: boolean;
  memberships: AuthMembership[];
}

/** What the guard attaches to the express request. */
export interface AuthenticatedRequest {
  authUser?: AuthUser;
  authSessionId?: string;
}
