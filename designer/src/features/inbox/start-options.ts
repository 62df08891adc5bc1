/** Which processes the signed-in user may start (the server checks again). */
import type { VariantSummary } from '../../shared/api-shapes';

/**
 * The keys of the definitions the user's roles may start: a process whose variant names
 * `startRoles` when the user holds one of them (or `admin`); a process no variant restricts is
 * open to every role holder. A user with no role (the superadmin) may start anything.
 */
export function startableKeys(
  defs: readonly { key: string }[],
  variants: readonly VariantSummary[],
  user: { isSuperadmin?: boolean; roles?: readonly { role: string }[] | null } | null | undefined,
): string[] {
  if (!user) return [];
  if (user.isSuperadmin) return defs.map((d) => d.key);
  const mine = (user.roles ?? []).map((r) => r.role);
  const allowed = new Map<string, string[]>();
  for (const v of variants) {
    for (const [key, p] of Object.entries(v.processes ?? {})) {
      if (p?.startRoles?.length) allowed.set(key, [...(allowed.get(key) ?? []), ...p.startRoles]);
    }
  }
  return defs
    .filter((d) => {
      const roles = allowed.get(d.key);
      if (!roles) return mine.some((r) => r !== 'supervisor');
      return mine.includes('admin') || mine.some((r) => roles.includes(r));
    })
    .map((d) => d.key);
}
