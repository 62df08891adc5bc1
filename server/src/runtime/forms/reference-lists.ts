import type { Queryable } from '../../database/queryable.js';
/** One option of a reference list. */
export interface ReferenceItem {
  value: string;
  label: string;
}

/** A tenant's reference list (справочник). */
export interface ReferenceList {
  key: string;
  name: string;
  items: ReferenceItem[];
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: string;
}

/**
 * Copies every list the tenant's variants declare (latest version of each variant key) into
 * `reference_list`, unless the tenant already has a list of that key: once seeded, a list belongs
 * to the tenant's administrators and later deployments do not overwrite their edits.
 */
export async function seedReferenceLists(q: Queryable, tenantId: string): Promise<void> {
  await q.query(
    `INSERT INTO reference_list (tenant_id, key, name, items)
     SELECT DISTINCT ON (l->>'key') $1::uuid, l->>'key', COALESCE(l->>'name', l->>'key'), COALESCE(l->'items', '[]'::jsonb)
     FROM (SELECT DISTINCT ON (key) content, created_at FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC) v,
          jsonb_array_elements(CASE WHEN jsonb_typeof(v.content->'referenceLists') = 'array' THEN v.content->'referenceLists' ELSE '[]'::jsonb END) l
     WHERE l->>'key' IS NOT NULL
     ORDER BY l->>'key', v.created_at DESC
     ON CONFLICT (tenant_id, key) DO NOTHING`,
    [tenantId],
  );
}

/** Every reference list of the tenant (seeded first), by key. */
export async function loadReferenceLists(q: Queryable, tenantId: string): Promise<ReferenceList[]> {
  await seedReferenceLists(q, tenantId);
  return q.query(
    `SELECT r.key, r.name, r.items, r.updated_by AS "updatedBy", u.full_name AS "updatedByName", r.updated_at AS "updatedAt"
     FROM reference_list r LEFT JOIN app_user u ON u.id = r.updated_by WHERE r.tenant_id = $1 ORDER BY r.key`,
    [tenantId],
  );
}

/** List key → items, as the form validator takes them. */
export function optionsByKey(lists: ReferenceList[]): Record<string, ReferenceItem[]> {
  return Object.fromEntries(lists.map((l) => [l.key, l.items]));
}

/** List key → value → label (`{ "tutor-registry": { "kam-tutor-pk": "Зайцева Марина — …" } }`), as document templates read them. */
export function labelsByList(lists: ReferenceList[]): Record<string, Record<string, string>> {
  return Object.fromEntries(lists.map((l) => [l.key, Object.fromEntries((Array.isArray(l.items) ? l.items : []).map((i) => [String(i.value), String(i.label)]))]));
}

/** Keys named by `valuesKey` anywhere in a form-js schema (groups and dynamic lists included). */
export function valuesKeysOf(schema: unknown): string[] {
  const out = new Set<string>();
  const visit = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as { valuesKey?: unknown; components?: unknown }[]) {
      if (c && typeof c.valuesKey === 'string') out.add(c.valuesKey);
      if (c) visit(c.components);
    }
  };
  visit((schema as { components?: unknown } | null)?.components);
  return [...out];
}
