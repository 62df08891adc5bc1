/** Options of the role and form selects of the properties panel (labels through `translate`). */
import { getCatalog, SYSTEM_ROLES, splitList } from './catalog';

export type Translate = (template: string, replacements?: Record<string, unknown>) => string;

/** `translate` without a dictionary: the template with its replacements filled in. */
export const identity: Translate = (template, replacements = {}) =>
  template.replace(/{([^}]+)}/g, (_, k: string) => String(replacements[k] ?? ''));

/** Options of the role select: the current value first when it is not a declared role. */
export function roleOptions(current: string | undefined, t: Translate = identity): { value: string; label: string }[] {
  const roles = [...getCatalog().roles, ...SYSTEM_ROLES];
  const options = [{ value: '', label: t('— no role —') }];
  if (current && !roles.some((r) => r.key === current)) {
    options.push({ value: current, label: splitList(current).length > 1 || current.startsWith('=') ? current : t('⚠ {value} (not declared)', { value: current }) });
  }
  for (const r of roles) options.push({ value: r.key, label: r.level ? t('{name} ({key}, level {level})', { name: r.name, key: r.key, level: r.levelName || r.level }) : `${r.name} (${r.key})` });
  return options;
}

/** Options of the form select. */
export function formOptions(current: string | undefined, t: Translate = identity): { value: string; label: string }[] {
  const forms = getCatalog().forms;
  const options = [{ value: '', label: t('— no form —') }];
  if (current && !forms.some((f) => f.id === current)) options.push({ value: current, label: t('⚠ {value} (not found)', { value: current }) });
  // a form by its title, its id beside it (the diagram stores the id)
  const named = (f: (typeof forms)[number]) => (f.name ? `${f.name} (${f.id})` : f.id);
  for (const f of forms) options.push({ value: f.id, label: f.source === 'draft' ? t('{name} (draft)', { name: named(f) }) : named(f) });
  return options;
}
