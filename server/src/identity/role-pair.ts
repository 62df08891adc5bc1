/**
 * A role at an organisation: what a task is offered to (`task_candidate`), what a membership
 * grants, what a notification addresses. The one shape every module passes around.
 */
export interface RolePair {
  role: string;
  orgId: string;
}

/** The pairs as two parallel arrays, for `unnest($roles::text[], $orgs::uuid[])` in SQL. */
export function rolePairColumns(pairs: readonly RolePair[]): { roles: string[]; orgs: string[] } {
  return { roles: pairs.map((p) => p.role), orgs: pairs.map((p) => p.orgId) };
}
