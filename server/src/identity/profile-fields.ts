import type { Queryable } from '../database/queryable.js';

/** The types a profile field may have. */
export const PROFILE_FIELD_TYPES = ['date', 'number', 'text', 'select'] as const;

/** A field of the person's file (`variant.json` → `profileFields`). */
export interface ProfileField {
  key: string;
  name: string;
  type: (typeof PROFILE_FIELD_TYPES)[number];
  options?: string[];
  /** The variant that declares it. */
  variant: string;
  /** Kept off the subject's card on task pages (only the person and their administrators read it). */
  private?: boolean;
}

/** The profile fields the tenant's variants declare (latest version of each variant key; first declaration of a key wins). */
export async function loadProfileFields(q: Queryable, tenantId: string): Promise<ProfileField[]> {
  const rows: { key: string; content: { profileFields?: unknown } }[] = await q.query(
    `SELECT DISTINCT ON (key) key, content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC`,
    [tenantId],
  );
  const out = new Map<string, ProfileField>();
  for (const r of rows) {
    const fields = Array.isArray(r.content?.profileFields) ? (r.content.profileFields as Partial<ProfileField>[]) : [];
    for (const f of fields) {
      if (!f || typeof f.key !== 'string' || out.has(f.key)) continue;
      const type = (PROFILE_FIELD_TYPES as readonly string[]).includes(f.type as string) ? f.type! : 'text';
      out.set(f.key, { key: f.key, name: typeof f.name === 'string' ? f.name : f.key, type, ...(Array.isArray(f.options) ? { options: f.options.map(String) } : {}), variant: r.key,
        ...(f.private === true ? { private: true } : {}) });
    }
  }
  return [...out.values()];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Problems of a profile against the declared fields, each naming the field: unknown keys, values
 * of the wrong type (date `YYYY-MM-DD`, number, text, select = one of the options). Null clears a
 * field. A tenant whose variants declare no fields accepts any profile (nothing to check against).
 */
export function profileProblems(fields: ProfileField[], profile: Record<string, unknown>): string[] {
  if (!fields.length) return [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: string[] = [];
  for (const [key, value] of Object.entries(profile)) {
    const f = byKey.get(key);
    if (!f) {
      out.push(`profile field "${key}" is not declared by the tenant's variant (declared: ${[...byKey.keys()].join(', ')})`);
      continue;
    }
    if (value === null) continue;
    switch (f.type) {
      case 'date':
        if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
          out.push(`profile field "${key}" (${f.name}) must be a date YYYY-MM-DD`);
        }
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) out.push(`profile field "${key}" (${f.name}) must be a number`);
        break;
      case 'select':
        if (typeof value !== 'string' || (f.options && !f.options.includes(value))) {
          out.push(`profile field "${key}" (${f.name}) must be one of: ${(f.options ?? []).join(', ')}`);
        }
        break;
      default:
        if (typeof value !== 'string') out.push(`profile field "${key}" (${f.name}) must be text`);
    }
  }
  return out;
}
