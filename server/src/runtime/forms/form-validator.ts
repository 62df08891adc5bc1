import { msg } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage, MessageKey, MessageParam } from '../../common/messages/message-catalogue.js';

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

/** Field path → messages (of the catalogue, naming the field by its label); empty when the submission is valid. */
export type FieldErrors = Record<string, LocalizedMessage[]>;

/** «label» — problem. */
function problem(label: MessageParam, key: MessageKey, params?: Record<string, MessageParam>): LocalizedMessage {
  return msg('form.fieldInvalid', { label, problem: msg(key, params) });
}

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

function checkValue(c: FormComponent, v: unknown, label: MessageParam, options: ResolvedOptions): LocalizedMessage[] {
  const out: LocalizedMessage[] = [];
  const val = c.validate ?? {};
  if (isEmpty(v)) return val.required ? [problem(label, 'form.required')] : [];
  switch (c.type) {
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return [problem(label, 'form.number')];
      if (val.min !== undefined && v < val.min) out.push(problem(label, 'form.min', { limit: val.min }));
      if (val.max !== undefined && v > val.max) out.push(problem(label, 'form.max', { limit: val.max }));
      return out;
    case 'checkbox':
      return typeof v === 'boolean' ? [] : [problem(label, 'form.boolean')];
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(v)) return [problem(label, 'form.list')];
      const allowed = allowedValues(c, options);
      if (allowed && v.some((x) => !allowed.includes(x))) out.push(problem(label, 'form.notAnOption'));
      return out;
    }
    case 'radio':
    case 'select': {
      const allowed = allowedValues(c, options);
      if (allowed && !allowed.includes(v)) return [problem(label, 'form.notAnOption')];
      return [];
    }
    case 'datetime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v.length === 5 ? `1970-01-01T${v}` : v)) ? [] : [problem(label, 'form.date')];
    default: {
      if (typeof v !== 'string') return [problem(label, 'form.text')];
      if (val.minLength !== undefined && v.length < val.minLength) out.push(problem(label, 'form.minLength', { limit: val.minLength }));
      if (val.maxLength !== undefined && v.length > val.maxLength) out.push(problem(label, 'form.maxLength', { limit: val.maxLength }));
      if (val.pattern) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${val.pattern})$`, 'u');
        } catch {
          re = undefined;
        }
        if (re && !re.test(v)) out.push(problem(label, 'form.pattern'));
      }
      if (val.validationType === 'email' && !EMAIL.test(v)) out.push(problem(label, 'form.email'));
      if (val.validationType === 'phone' && !PHONE.test(v)) out.push(problem(label, 'form.phone'));
      if (val.validationType === 'url' && !isHttpUrl(v)) out.push(problem(label, 'form.url'));
      return out;
    }
  }
}

/** How a field is named: its label, inside a dynamic list «list, row n: label». */
type Naming = (label: MessageParam) => MessageParam;

function walk(components: FormComponent[], data: Record<string, unknown>, prefix: string, errors: FieldErrors, options: ResolvedOptions, within: Naming = (l) => l): void {
  for (const c of components) {
    if (c.readonly || c.disabled) continue;
    if (c.type === 'group' && c.components) {
      const scoped = c.path ? ((data[c.path] as Record<string, unknown>) ?? {}) : data;
      walk(c.components, scoped, c.path ? `${prefix}${c.path}.` : prefix, errors, options, within);
      continue;
    }
    if (c.type === 'dynamiclist' && c.components) {
      const key = c.path ?? c.key;
      if (!key) continue;
      const rows = data[key];
      if (rows === undefined || rows === null) {
        if (c.validate?.required) errors[`${prefix}${key}`] = [problem(within(c.label ?? key), 'form.rowsRequired')];
        continue;
      }
      if (!Array.isArray(rows)) {
        errors[`${prefix}${key}`] = [problem(within(c.label ?? key), 'form.rows')];
        continue;
      }
      rows.forEach((row, i) =>
        walk(c.components!, (row ?? {}) as Record<string, unknown>, `${prefix}${key}.${i}.`, errors, options, (label) =>
          within(msg('form.rowLabel', { list: c.label ?? key, n: i + 1, label }))));
      continue;
    }
    if (!c.key) continue;
    const msgs = checkValue(c, data[c.key], within(c.label ?? c.key), options);
    if (msgs.length) errors[`${prefix}${c.key}`] = msgs;
  }
}

/**
 * Validates submitted variables against a form-js schema as the viewer would: required fields,
 * types, ranges, lengths, patterns, e-mail/phone/url, option lists; groups and dynamic lists
 * (repeated rows) included. Returns the failing fields with catalogue messages naming each field by its label.
 * `options`: the items of the tenant's reference lists, accepted by components whose `valuesKey` names one.
 */
export function validateSubmission(schema: { components?: FormComponent[] }, data: Record<string, unknown>, options: ResolvedOptions = {}): FieldErrors {
  const errors: FieldErrors = {};
  walk(schema.components ?? [], data, '', errors, options);
  return errors;
}

/**
 * The 400 body of a refused submission: a message listing each problem by the field's label
 * (English lists the keys), and `fields` with the messages of each field.
 */
export function formErrorBody(fields: FieldErrors): { message: LocalizedMessage; fields: FieldErrors } {
  return { message: msg('form.invalid', { problems: Object.values(fields).flat(), keys: Object.keys(fields).join(', ') }), fields };
}
