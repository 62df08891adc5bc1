import { msg } from '../../common/messages/message-catalogue.js';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { evaluateFeelInContext } from '../../engine/feel/feel-evaluator.js';
import type { LocalizedMessage, MessageKey, MessageParam } from '../../common/messages/message-catalogue.js';

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
  /** datetime fields: no day before today (the tenant's today, in its time zone). */
  disallowPassedDates?: boolean;
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

/** Is `v` an absolute http(s) URL? (regulations ask for links to published materials.) */
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
/** The scope entry holding today's date (a symbol: no form variable can shadow it). */
const TODAY = Symbol('today') as unknown as string;

/** Evaluates a form-js FEEL value (`=expr`) as the viewer does; a failure gives null. */
function feel(value: string, scope: Scope): unknown {
  const body = value.trim().startsWith('=') ? value.trim().slice(1) : null;
  if (body === null) return value;
  try {
    return evaluateFeelInContext(body, scope as JsonObject).value ?? null;
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

function checkValue(c: FormComponent, v: unknown, label: MessageParam, options: ResolvedOptions, scope: Scope): LocalizedMessage[] {
  const out: LocalizedMessage[] = [];
  const val = c.validate ?? {};
  if (isEmpty(v)) return val.required ? [problem(label, 'form.required')] : [];
  switch (c.type) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return [problem(label, 'form.number')];
      const min = limit(val.min, scope);
      const max = limit(val.max, scope);
      if (min !== undefined && v < min) out.push(problem(label, 'form.min', { limit: min }));
      if (max !== undefined && v > max) out.push(problem(label, 'form.max', { limit: max }));
      if (typeof c.decimalDigits === 'number' && c.decimalDigits >= 0 && (String(v).split('.')[1] ?? '').length > c.decimalDigits) {
        out.push(problem(label, 'form.decimalDigits', { limit: c.decimalDigits }));
      }
      return out;
    }
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
    case 'datetime': {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v.length === 5 ? `1970-01-01T${v}` : v))) return [problem(label, 'form.date')];
      // the day as the form gives it (YYYY-MM-DD, or the date part of YYYY-MM-DDTHH:mm), against the tenant's today
      const day = /^\d{4}-\d{2}-\d{2}/.exec(v)?.[0];
      if (c.disallowPassedDates && scope[TODAY] && day && day < (scope[TODAY] as string)) return [problem(label, 'form.pastDate')];
      return [];
    }
    default: {
      if (typeof v !== 'string') return [problem(label, 'form.text')];
      const minLength = limit(val.minLength, scope);
      const maxLength = limit(val.maxLength, scope);
      if (minLength !== undefined && v.length < minLength) out.push(problem(label, 'form.minLength', { limit: minLength }));
      if (maxLength !== undefined && v.length > maxLength) out.push(problem(label, 'form.maxLength', { limit: maxLength }));
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

function walk(
  components: FormComponent[], data: Record<string, unknown>, prefix: string, errors: FieldErrors, options: ResolvedOptions,
  outer: Scope, within: Naming = (l) => l,
): void {
  // FEEL in the form sees the outer variables, then this level's values (`this` is the row or group)
  const scope: Scope = { ...outer, ...data, this: data };
  for (const c of components) {
    if (c.disabled || isTrue(c.readonly, scope)) continue;
    // a component its condition hides is neither shown nor submitted: nothing to require of it
    if (c.conditional?.hide && isTrue(c.conditional.hide, scope)) continue;
    if (c.type === 'group' && c.components) {
      const scoped = c.path ? ((data[c.path] as Record<string, unknown>) ?? {}) : data;
      walk(c.components, scoped, c.path ? `${prefix}${c.path}.` : prefix, errors, options, c.path ? { ...scope, parent: data } : outer, within);
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
        walk(c.components!, (row ?? {}) as Record<string, unknown>, `${prefix}${key}.${i}.`, errors, options, { ...scope, parent: data }, (label) =>
          within(msg('form.rowLabel', { list: c.label ?? key, n: i + 1, label }))));
      continue;
    }
    if (!c.key) continue;
    const msgs = checkValue(c, data[c.key], within(c.label ?? c.key), options, scope);
    if (msgs.length) errors[`${prefix}${c.key}`] = msgs;
  }
}

/**
 * Validates submitted variables against a form-js schema as the viewer would: required fields,
 * types, ranges, lengths, decimal digits, patterns, e-mail/phone/url, option lists; groups and
 * dynamic lists (repeated rows) included. Conditions are honoured as the viewer honours them: a
 * component hidden by its `conditional.hide`, read-only or disabled is not validated; limits given
 * as FEEL (`min: "=minHours"`) are evaluated against the same variables. Returns the failing fields
 * with catalogue messages naming each field by its label.
 * `options`: the items of the tenant's reference lists, accepted by components whose `valuesKey` names one.
 * `variables`: what the form was opened with (the task's variables), seen by its FEEL expressions.
 * `today`: the tenant's date (YYYY-MM-DD) for date fields that refuse passed dates (`disallowPassedDates`).
 */
export function validateSubmission(
  schema: { components?: FormComponent[] }, data: Record<string, unknown>, options: ResolvedOptions = {}, variables: Record<string, unknown> = {},
  today?: string,
): FieldErrors {
  const errors: FieldErrors = {};
  walk(schema.components ?? [], data, '', errors, options, today ? { ...variables, [TODAY]: today } : variables);
  return errors;
}

/** Does the form have a date field that refuses passed dates (so validation needs today's date)? */
export function refusesPassedDates(schema: { components?: FormComponent[] }): boolean {
  return (schema.components ?? []).some((c) => (c.type === 'datetime' && c.disallowPassedDates === true) || (c.components ? refusesPassedDates(c) : false));
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The 400 body of a refused submission: a message listing each problem by the field's label (in
 * either language: the form's labels, never its keys), and `fields` with the messages of each field.
 */
export function formErrorBody(fields: FieldErrors): { message: LocalizedMessage; fields: FieldErrors } {
  return { message: msg('form.invalid', { problems: Object.values(fields).flat() }), fields };
}
