/**
 * Server field errors (keyed by the form field's `key`) → form-js errors
 * (keyed by the field's `id`), so they show next to the fields.
 */
import type { FieldErrors } from '../../shared/api';

interface SchemaComponent {
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  components?: SchemaComponent[];
}

function walk(components: unknown, visit: (c: SchemaComponent, prefix: string) => void, prefix = ''): void {
  if (!Array.isArray(components)) return;
  for (const c of components as SchemaComponent[]) {
    if (!c || typeof c !== 'object') continue;
    visit(c, prefix);
    // groups with a path nest the data of their children
    const nested = c.path ? (prefix ? `${prefix}.${c.path}` : c.path) : prefix;
    walk(c.components, visit, nested);
  }
}

export interface MappedFieldErrors {
  /** form-js field id → messages */
  byId: Record<string, string[]>;
  /** errors whose field the schema does not have: label or key → messages */
  unmatched: { field: string; label: string; messages: string[] }[];
}

export function mapFieldErrors(schema: { components?: unknown[] } | null, fields: FieldErrors): MappedFieldErrors {
  const byKey = new Map<string, SchemaComponent>();
  walk(schema?.components, (c, prefix) => {
    if (c.key && c.id) {
      byKey.set(prefix ? `${prefix}.${c.key}` : c.key, c);
      if (!byKey.has(c.key)) byKey.set(c.key, c);
    }
  });
  const byId: Record<string, string[]> = {};
  const unmatched: MappedFieldErrors['unmatched'] = [];
  for (const [field, messages] of Object.entries(fields)) {
    const component = byKey.get(field);
    if (component?.id) (byId[component.id] ??= []).push(...messages);
    else unmatched.push({ field, label: field, messages });
  }
  return { byId, unmatched };
}

/** The label of a field by key, for the summary list above the submit button. */
export function fieldLabel(schema: { components?: unknown[] } | null, key: string): string {
  let label = key;
  walk(schema?.components, (c) => {
    if (c.key === key && c.label) label = c.label;
  });
  return label;
}
