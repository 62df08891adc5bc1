/** A form-js component as far as validation needs it. */
export interface FormComponent {
  type: string;
  key?: string;
  path?: string;
  label?: string;
  components?: FormComponent[];
  values?: { value: unknown }[];
  /** form-js dynamic options: the variable holding the options; a tenant's reference list of that key supplies them. */
  valuesKey?: string;
  validate?: {
    required?: boolean;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    validationType?: string;
  };
  readonly?: boolean;
  disabled?: boolean;
}

/** Options resolved for `valuesKey` components (reference list key → its items). */
export type ResolvedOptions = Record<string, { value: unknown }[]>;

/** The options a select-like component accepts: its static values and those of its `valuesKey` list; undefined = any. */
function allowedValues(c: FormComponent, options: ResolvedOptions): unknown[] | undefined {
  const dynamic = c.valuesKey ? options[c.valuesKey] : undefined;
  if (!c.values && !dynamic) return undefined;
  return [...(c.values ?? []), ...(dynamic ?? [])].map((x) => x.value);
}

/** Field path → messages; empty when the submission is valid. */
export type FieldErrors = Record<string, string[]>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Is `v` an absolute http(s) URL? (Kazakhstan's regulation requires links to published materials.) */
export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

function checkValue(c: FormComponent, v: unknown, label: string, options: ResolvedOptions): string[] {
  const out: string[] = [];
  const val = c.validate ?? {};
  if (isEmpty(v)) return val.required ? [`${label}: обязательное поле (required)`] : [];
  switch (c.type) {
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return [`${label}: должно быть числом (must be a number)`];
      if (val.min !== undefined && v < val.min) out.push(`${label}: не меньше ${val.min} (at least ${val.min})`);
      if (val.max !== undefined && v > val.max) out.push(`${label}: не больше ${val.max} (at most ${val.max})`);
      return out;
    case 'checkbox':
      return typeof v === 'boolean' ? [] : [`${label}: должно быть да/нет (must be a boolean)`];
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(v)) return [`${label}: должно быть списком (must be a list)`];
      const allowed = allowedValues(c, options);
      if (allowed && v.some((x) => !allowed.includes(x))) out.push(`${label}: значение не из списка (a value is not one of the options)`);
      return out;
    }
    case 'radio':
    case 'select': {
      const allowed = allowedValues(c, options);
      if (allowed && !allowed.includes(v)) return [`${label}: значение не из списка (not one of the options)`];
      return [];
    }
    case 'datetime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v.length === 5 ? `1970-01-01T${v}` : v)) ? [] : [`${label}: неверная дата (not a date)`];
    default: {
      if (typeof v !== 'string') return [`${label}: должно быть текстом (must be text)`];
      if (val.minLength !== undefined && v.length < val.minLength) out.push(`${label}: не короче ${val.minLength} символов (at least ${val.minLength} characters)`);
      if (val.maxLength !== undefined && v.length > val.maxLength) out.push(`${label}: не длиннее ${val.maxLength} символов (at most ${val.maxLength} characters)`);
      if (val.pattern) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${val.pattern})$`, 'u');
        } catch {
          re = undefined;
        }
        if (re && !re.test(v)) out.push(`${label}: неверный формат (does not match the pattern)`);
      }
      if (val.validationType === 'email' && !EMAIL.test(v)) out.push(`${label}: неверный адрес почты (not an e-mail address)`);
      if (val.validationType === 'phone' && !PHONE.test(v)) out.push(`${label}: неверный телефон (not a phone number)`);
      if (val.validationType === 'url' && !isHttpUrl(v)) out.push(`${label}: нужна ссылка http(s):// (not a link)`);
      return out;
    }
  }
}

function walk(components: FormComponent[], data: Record<string, unknown>, prefix: string, errors: FieldErrors, options: ResolvedOptions): void {
  for (const c of components) {
    if (c.readonly || c.disabled) continue;
    if (c.type === 'group' && c.components) {
      const scoped = c.path ? ((data[c.path] as Record<string, unknown>) ?? {}) : data;
      walk(c.components, scoped, c.path ? `${prefix}${c.path}.` : prefix, errors, options);
      continue;
    }
    if (c.type === 'dynamiclist' && c.components) {
      const key = c.path ?? c.key;
      if (!key) continue;
      const rows = data[key];
      if (rows === undefined || rows === null) {
        if (c.validate?.required) errors[`${prefix}${key}`] = [`${c.label ?? key}: нужна хотя бы одна строка (at least one row)`];
        continue;
      }
      if (!Array.isArray(rows)) {
        errors[`${prefix}${key}`] = [`${c.label ?? key}: должно быть списком строк (must be a list of rows)`];
        continue;
      }
      rows.forEach((row, i) => walk(c.components!, (row ?? {}) as Record<string, unknown>, `${prefix}${key}.${i}.`, errors, options));
      continue;
    }
    if (!c.key) continue;
    const msgs = checkValue(c, data[c.key], c.label ?? c.key, options);
    if (msgs.length) errors[`${prefix}${c.key}`] = msgs;
  }
}

/**
 * Validates submitted variables against a form-js schema as the viewer would: required fields,
 * types, ranges, lengths, patterns, e-mail/phone/url, option lists; groups and dynamic lists
 * (repeated rows) included. Returns the failing fields with Russian and English messages.
 * `options`: the items of the tenant's reference lists, accepted by components whose `valuesKey` names one.
 */
export function validateSubmission(schema: { components?: FormComponent[] }, data: Record<string, unknown>, options: ResolvedOptions = {}): FieldErrors {
  const errors: FieldErrors = {};
  walk(schema.components ?? [], data, '', errors, options);
  return errors;
}
