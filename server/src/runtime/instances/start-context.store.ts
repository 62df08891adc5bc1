import type { EntityManager } from 'typeorm';
import type { Json, JsonObject } from '../../engine/execution/json.types.js';
import type { TenantContext } from '../tenancy/tenant-context.service.js';

/**
 * The variables a new instance of `processKey` at `orgId` starts with by its variant's declaration:
 * `orgList` → `[{ id, name }]` of the active organisations of the level in the organisation's
 * subtree (itself included when at that level), in tree order — e.g. one data request per school of a
 * district; `carryOver` → `{ name: value… }` from the most recently started other instance of the
 * process at the same organisation that holds any of the names (null when there is none) — e.g. the
 * goals one yearly cycle sets for the next; `userList` → `[{ value, label, fullName, orgName }]` of the active
 * holders of the roles in the organisation's subtree, by name — the options of a form select that picks people
 * (`valuesKey`), valued by login (a `subjectId` mapping takes it). Undefined when the process declares none.
 */
export async function startContextVariables(tx: EntityManager, tenant: TenantContext, processKey: string, orgId: string | null): Promise<JsonObject | undefined> {
  const decl = tenant.startContext.get(processKey);
  if (!decl || !orgId) return undefined;
  const out: JsonObject = {};
  if (decl.orgList) {
    const rows: { id: string; name: string }[] = await tx.query(
      `SELECT o.id, o.name FROM organization o, organization top
       WHERE top.id = $1 AND o.tenant_id = $2 AND o.level = $3 AND o.is_active AND o.path LIKE top.path || '%' ORDER BY o.path`,
      [orgId, tenant.id, decl.orgList.level],
    );
    out[decl.orgList.variable] = rows.map((r) => ({ id: r.id, name: r.name }));
  }
  if (decl.carryOver) {
    const names = decl.carryOver.variables;
    const [row]: { variables: JsonObject }[] = await tx.query(
      `SELECT variables FROM process_instance WHERE tenant_id = $1 AND process_key = $2 AND org_id = $3 AND variables ?| $4::text[]
       ORDER BY started_at DESC LIMIT 1`,
      [tenant.id, processKey, orgId, names],
    );
    out[decl.carryOver.variable] = row ? Object.fromEntries(names.map((n): [string, Json] => [n, row.variables[n] ?? null])) : null;
  }
  if (decl.userList) {
    const rows: { username: string; full_name: string; org_name: string }[] = await tx.query(
      `SELECT DISTINCT ON (u.full_name, u.id) u.username, u.full_name, o.name AS org_name
       FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organization o ON o.id = m.org_id, organization top
       WHERE top.id = $1 AND u.tenant_id = $2 AND u.is_active AND o.is_active AND m.role = ANY($3::text[]) AND o.path LIKE top.path || '%'
       ORDER BY u.full_name, u.id, o.path`,
      [orgId, tenant.id, decl.userList.roles],
    );
    out[decl.userList.variable] = rows.map((r) => ({ value: r.username, label: `${r.full_name} — ${r.org_name}`, fullName: r.full_name, orgName: r.org_name }));
  }
  return out;
}
