import { evaluateFeel, feelSyntaxError } from '../../engine/feel/feel-evaluator.js';
import type { FeelEnvironment } from '../../engine/feel/feel-evaluator.js';
import type { Json, JsonObject } from '../../engine/execution/json.types.js';
import { msg } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../../common/messages/message-catalogue.js';

/**
 * A document layout (`documents/<file>.json` of a variant folder): a title, labelled header
 * fields and an optional table whose rows come from a FEEL list, one cell per column.
 */
export interface DocumentTemplate {
  title: string;
  fields?: { label: string; value: string }[];
  table?: { source: string; columns: { header: string; value: string }[] };
}

/** A template filled with an instance's values: plain text, ready for DOCX or PDF. */
export interface FilledDocument {
  title: string;
  fields: { label: string; value: string }[];
  table?: { headers: string[]; rows: string[][] };
}

/** The stored name of a deployed template resource (`…documents/<file>.json` → `documents/<file>.json`); undefined for other files. */
export function documentTemplateName(resource: string): string | undefined {
  const m = /(?:^|\/)(documents\/[^/]+\.json)$/.exec(resource);
  return m ? m[1] : undefined;
}

const str = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/** Problems of a template file (empty when it is usable); FEEL expressions are syntax-checked. */
export function validateDocumentTemplate(json: unknown): LocalizedMessage[] {
  const out: LocalizedMessage[] = [];
  if (!json || typeof json !== 'object' || Array.isArray(json)) return [msg('documentTemplate.notObject')];
  const t = json as Record<string, unknown>;
  if (!str(t.title)) out.push(msg('documentTemplate.title'));
  const feel = (where: string, expr: unknown) => {
    if (!str(expr)) return out.push(msg('documentTemplate.feelText', { at: where }));
    const err = feelSyntaxError(String(expr).replace(/^\s*=/, ''));
    if (err) out.push(msg('documentTemplate.feelError', { at: where, detail: err }));
  };
  if (t.fields !== undefined) {
    if (!Array.isArray(t.fields)) out.push(msg('documentTemplate.fields'));
    else t.fields.forEach((f: { label?: unknown; value?: unknown } | null, i) => {
      if (!f || !str(f.label)) out.push(msg('documentTemplate.fieldLabel', { at: `fields[${i}].label` }));
      feel(`fields[${i}].value`, f?.value);
    });
  }
  if (t.table !== undefined) {
    const tb = t.table as { source?: unknown; columns?: unknown } | null;
    if (!tb || typeof tb !== 'object') out.push(msg('documentTemplate.table'));
    else {
      feel('table.source', tb.source);
      if (!Array.isArray(tb.columns) || !tb.columns.length) out.push(msg('documentTemplate.columns'));
      else tb.columns.forEach((c: { header?: unknown; value?: unknown } | null, i) => {
        if (!c || typeof c.header !== 'string') out.push(msg('documentTemplate.columnHeader', { at: `table.columns[${i}].header` }));
        feel(`table.columns[${i}].value`, c?.value);
      });
    }
  }
  return out;
}

/** A value as document text: lists joined, booleans да/нет, missing values empty. */
export function asText(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(asText).filter(Boolean).join(', ');
  return Object.values(v).map(asText).filter(Boolean).join(', ');
}

/**
 * Fills a template: each FEEL expression is evaluated over `variables`; an expression that
 * cannot be evaluated (a variable the instance does not have yet) leaves its cell empty.
 */
export function fillTemplate(t: DocumentTemplate, variables: JsonObject, env: FeelEnvironment): FilledDocument {
  const ev = (expr: string, vars: JsonObject): Json | undefined => {
    try {
      return evaluateFeel(expr.replace(/^\s*=/, ''), vars, env);
    } catch {
      return undefined;
    }
  };
  const out: FilledDocument = {
    title: t.title,
    fields: (t.fields ?? []).map((f) => ({ label: f.label, value: asText(ev(f.value, variables)) })),
  };
  if (t.table) {
    const src = ev(t.table.source, variables);
    const items = Array.isArray(src) ? src : [];
    out.table = {
      headers: t.table.columns.map((c) => c.header),
      rows: items.map((item) => t.table!.columns.map((c) => asText(ev(c.value, { ...variables, item })))),
    };
  }
  return out;
}
