/** What a variant gives a process at its start besides the caller's variables (`processes.<key>` of `variant.json`). */
export interface StartContextDeclaration {
  /** `orgList`: the active organisations of `level` in the instance organisation's subtree, as the list variable `variable`. */
  orgList?: { level: string; variable: string };
  /** `carryOver`: the named variables of the previous instance of the process at the same organisation, as the object variable `variable`. */
  carryOver?: { variables: string[]; variable: string };
  /** `userList`: the active holders of `roles` in the instance organisation's subtree, as select options in the list variable `variable`. */
  userList?: { roles: string[]; variable: string };
}

/** Reads `orgList` / `carryOver` / `userList` of one `processes.<key>` entry of a variant file (ill-formed parts are left out). */
export function readStartContext(p: { orgList?: unknown; carryOver?: unknown; userList?: unknown } | undefined): StartContextDeclaration | undefined {
  const out: StartContextDeclaration = {};
  const o = p?.orgList as { level?: unknown; variable?: unknown } | undefined;
  if (typeof o?.level === 'string' && typeof o.variable === 'string') out.orgList = { level: o.level, variable: o.variable };
  const c = p?.carryOver as { variables?: unknown; variable?: unknown } | undefined;
  if (Array.isArray(c?.variables) && typeof c.variable === 'string') {
    out.carryOver = { variables: c.variables.filter((v): v is string => typeof v === 'string'), variable: c.variable };
  }
  const u = p?.userList as { role?: unknown; variable?: unknown } | undefined;
  const roles = (Array.isArray(u?.role) ? u.role : [u?.role]).filter((r): r is string => typeof r === 'string');
  if (roles.length && typeof u?.variable === 'string') out.userList = { roles, variable: u.variable };
  return out.orgList || out.carryOver || out.userList ? out : undefined;
}
