import type { Queryable } from '../database/queryable.js';
import { msg } from '../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../common/messages/message-catalogue.js';

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
 * `dateFormat` is the date format the Russian message asks for (imports read `ДД.ММ.ГГГГ`).
 */
export function profileProblems(fields: ProfileField[], profile: Record<string, unknown>, dateFormat = 'ГГГГ-ММ-ДД'): LocalizedMessage[] {
  if (!fields.length) return [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: LocalizedMessage[] = [];
  for (const [key, value] of Object.entries(profile)) {
    const f = byKey.get(key);
    if (!f) {
      out.push(msg('profile.unknownField', { key, declared: [...byKey.keys()].join(', ') }));
      continue;
    }
    if (value === null) continue;
    switch (f.type) {
      case 'date':
        if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
          out.push(msg('profile.date', { key, name: f.name, format: dateFormat }));
        }
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) out.push(msg('profile.number', { key, name: f.name }));
        break;
      case 'select':
        if (typeof value !== 'string' || (f.options && !f.options.includes(value))) {
          out.push(msg('profile.select', { key, name: f.name, options: (f.options ?? []).join(', ') }));
        }
        break;
      default:
        if (typeof value !== 'string') out.push(msg('profile.text', { key, name: f.name }));
    }
  }
  return out;
}
