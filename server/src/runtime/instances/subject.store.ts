import type { Json, JsonObject } from '../../engine/execution/json.types.js';
import { isUuid } from '../../common/ids.js';

/** Anything that runs SQL: a data source or an entity manager (transaction). */
interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL, as DataSource.query gives them
  query(sql: string, params?: unknown[]): Promise<any[]>;
}

/** An organisation a person belongs to (active organisations only), with the role held there. */
export interface SubjectOrg {
  id: string;
  path: string;
  name: string;
  role: string;
}

/** A person an instance may be about, as stored: the user, their profile and organisations. */
export interface SubjectUser {
  id: string;
  tenantId: string | null;
  fullName: string;
  isActive: boolean;
  profile: Record<string, unknown>;
  /** Organisations of the person, variant roles before `admin`/`supervisor`, then from the top of the tree. */
  orgs: SubjectOrg[];
}

/** The subject of an instance (or of one task): who, the organisation they are at for this route, and what FEEL sees as `subject`. */
export interface InstanceSubject {
  id: string;
  fullName: string;
  orgId: string | null;
  orgName: string | null;
  /** The FEEL variable `subject`: id, fullName, orgId, orgName and the declared profile fields. */
  variable: JsonObject;
}

/** The subject as API rows carry it. */
export interface SubjectRow {
  id: string;
  fullName: string | null;
  orgId: string | null;
  orgName: string | null;
}

/** Loads a person by id (any tenant; the caller checks the tenant), or null. */
export async function loadSubjectUser(q: Queryable, userId: string | null | undefined): Promise<SubjectUser | null> {
  if (!userId || !isUuid(userId)) return null;
  const [row] = await q.query(
    `SELECT u.id, u.tenant_id AS "tenantId", u.full_name AS "fullName", u.is_active AS "isActive", u.profile,
       coalesce((SELECT json_agg(json_build_object('id', o.id, 'path', o.path, 'name', o.name, 'role', m.role)
                   ORDER BY (m.role IN ('admin', 'supervisor')), o.path, m.role)
                 FROM membership m JOIN organization o ON o.id = m.org_id WHERE m.user_id = u.id AND o.is_active), '[]'::json) AS orgs
     FROM app_user u WHERE u.id = $1 AND NOT u.is_superadmin`,
    [userId],
  );
  return row ?? null;
}

/**
 * The subject of a route: the person, at `orgId` when they belong to it, else at their first
 * organisation; `profileKeys` are the profile fields the tenant's variants declare (FEEL sees those).
 */
export function instanceSubject(user: SubjectUser, profileKeys: string[], orgId?: string | null): InstanceSubject {
  const org = user.orgs.find((o) => o.id === orgId) ?? user.orgs[0] ?? null;
  const profile: JsonObject = {};
  for (const k of profileKeys) if (user.profile?.[k] !== undefined) profile[k] = user.profile[k] as Json;
  return {
    id: user.id,
    fullName: user.fullName,
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
    variable: { ...profile, id: user.id, fullName: user.fullName, orgId: org?.id ?? null, orgName: org?.name ?? null },
  };
}

/**
 * SQL for the `subject` of a row as the API shows it, `{ id, fullName, orgId, orgName }` or null,
 * from a subject id column and a subject organisation column; `alias` names the joins.
 */
export function subjectJson(idCol: string, orgCol: string, alias: string): { select: string; joins: string } {
  return {
    select: `CASE WHEN ${idCol} IS NULL THEN NULL ELSE json_build_object('id', ${idCol}, 'fullName', ${alias}u.full_name, 'orgId', ${orgCol}, 'orgName', ${alias}o.name) END`,
    joins: `LEFT JOIN app_user ${alias}u ON ${alias}u.id = ${idCol} LEFT JOIN organization ${alias}o ON ${alias}o.id = ${orgCol}`,
  };
}

/** The text `GET /api/tasks?q=` searches: lower case, `ё` as `е`, words joined by spaces. */
export function searchText(...parts: (string | null | undefined)[]): string {
  return normaliseSearch(parts.filter((p) => p).join(' '));
}

/** Lower case with `ё` folded to `е`, as `search_text` is stored. */
export function normaliseSearch(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е');
}
