import { evaluate } from 'feelin';

/** A number, or a form-js FEEL expression (`=…`) that gives one. */
type Limit = number | string;

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
    min?: Limit;
    max?: Limit;
    minLength?: Limit;
    maxLength?: Limit;
    pattern?: string;
    validationType?: string;
  };
  /** `hide`: a FEEL condition (`=…`); a component it hides is not validated (form-js does not submit it). */
  conditional?: { hide?: string };
  /** A boolean or a FEEL condition. */
  readonly?: boolean | string;
  disabled?: boolean;
  /** number fields: digits allowed after the decimal point. */
  decimalDigits?: number;
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

/** What FEEL expressions of the form see: the task's variables, the submission, the row or group. */
type Scope = Record<string, unknown>;

/** Evaluates a form-js FEEL value (`=expr`) as the viewer does; a failure gives null. */
function feel(value: string, scope: Scope): unknown {
  const body = value.trim().startsWith('=') ? value.trim().slice(1) : null;
  if (body === null) return value;
  try {
    return (evaluate(body, scope) as { value: unknown }).value ?? null;
  } catch {
    return null;
  }
}

/** A limit as a number: literal, numeric text, or a FEEL expression evaluated now; undefined when it gives none. */
function limit(value: Limit | undefined, scope: Scope): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const v = typeof value === 'string' ? feel(value, scope) : value;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function isTrue(value: boolean | string | undefined, scope: Scope): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' || !value.trim()) return false;
  return feel(value, scope) === true;
}

function checkValue(c: FormComponent, v: unknown, label: string, options: ResolvedOptions, scope: Scope): string[] {
  const out: string[] = [];
  const val = c.validate ?? {};
  if (isEmpty(v)) return val.required ? [`${label}: обязательное поле (required)`] : [];
  switch (c.type) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return [`${label}: должно быть числом (must be a number)`];
      const min = limit(val.min, scope);
      const max = limit(val.max, scope);
      if (min !== undefined && v < min) out.push(`${label}: не меньше ${min} (at least ${min})`);
      if (max !== undefined && v > max) out.push(`${label}: не больше ${max} (at most ${max})`);
      if (typeof c.decimalDigits === 'number' && c.decimalDigits >= 0) {
        const digits = (String(v).split('.')[1] ?? '').length;
        if (digits > c.decimalDigits) out.push(`${label}: не больше ${c.decimalDigits} знаков после запятой (at most ${c.decimalDigits} decimal digits)`);
      }
      return out;
    }
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
      const minLength = limit(val.minLength, scope);
      const maxLength = limit(val.maxLength, scope);
      if (minLength !== undefined && v.length < minLength) out.push(`${label}: не короче ${minLength} символов (at least ${minLength} characters)`);
      if (maxLength !== undefined && v.length > maxLength) out.push(`${label}: не длиннее ${maxLength} символов (at most ${maxLength} characters)`);
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

function walk(components: FormComponent[], data: Record<string, unknown>, prefix: string, errors: FieldErrors, options: ResolvedOptions, outer: Scope): void {
  // FEEL in the form sees the outer variables, then this level's values (`this` is the row or group)
  const scope: Scope = { ...outer, ...data, this: data };
  for (const c of components) {
    if (c.disabled || isTrue(c.readonly, scope)) continue;
    // a component its condition hides is neither shown nor submitted: nothing to require of it
    if (c.conditional?.hide && isTrue(c.conditional.hide, scope)) continue;
    if (c.type === 'group' && c.components) {
      const scoped = c.path ? ((data[c.path] as Record<string, unknown>) ?? {}) : data;
      walk(c.components, scoped, c.path ? `${prefix}${c.path}.` : prefix, errors, options, c.path ? { ...scope, parent: data } : outer);
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
      rows.forEach((row, i) => walk(c.components!, (row ?? {}) as Record<string, unknown>, `${prefix}${key}.${i}.`, errors, options, { ...scope, parent: data }));
      continue;
    }
    if (!c.key) continue;
    const msgs = checkValue(c, data[c.key], c.label ?? c.key, options, scope);
    if (msgs.length) errors[`${prefix}${c.key}`] = msgs;
  }
}

/**
 * Validates submitted variables against a form-js schema as the viewer would: required fields,
 * types, ranges, lengths, decimal digits, patterns, e-mail/phone/url, option lists; groups and
 * dynamic lists (repeated rows) included. Conditions are honoured as the viewer honours them: a
 * component hidden by its `conditional.hide`, read-only or disabled is not validated; limits given
 * as FEEL (`min: "=maxHours - 1"`) are evaluated against the same variables. Returns the failing
 * fields with Russian and English messages.
 * `options`: the items of the tenant's reference lists, accepted by components whose `valuesKey` names one.
 * `variables`: what the form was opened with (the task's variables), seen by its FEEL expressions.
 */
export function validateSubmission(
  schema: { components?: FormComponent[] },
  data: Record<string, unknown>,
  options: ResolvedOptions = {},
  variables: Record<string, unknown> = {},
): FieldErrors {
  const errors: FieldErrors = {};
  walk(schema.components ?? [], data, '', errors, options, variables);
  return errors;
}
