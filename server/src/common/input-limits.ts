/**
 * Limits on request input and the checks that enforce them before anything is parsed deeply,
 * validated or stored: nesting depth of JSON (raw, before `JSON.parse`), text that PostgreSQL
 * cannot store (NUL) or that is not Unicode (lone surrogates), the length of every string.
 */

/** Deepest nesting of arrays/objects accepted in a JSON body or a JSON resource (forms, variant.json). */
export const JSON_MAX_DEPTH = 64;
/** Deepest element nesting accepted in an XML resource (BPMN). */
export const XML_MAX_DEPTH = 200;
/** Longest string accepted in a DTO field that does not declare a longer limit with {@link LongText}. */
export const TEXT_MAX = 1000;
/** Longest string inside free-form JSON values (process variables, profiles, form data). */
export const VALUE_TEXT_MAX = 100_000;
/** Longest key (a variable's or field's name) inside free-form JSON values. */
export const VALUE_KEY_MAX = 255;
/** Most values (object entries and array elements, all levels) in one free-form JSON value: a request with 100,000 variables kept the server busy for 35 s. */
export const VALUE_MAX_NODES = 10_000;
/**
 * Most values (object entries and array elements, all levels) in one JSON body, checked before
 * validation (which takes seconds on a body of 100,000 values); free-form values inside it are
 * held to {@link VALUE_MAX_NODES}.
 */
export const BODY_MAX_NODES = 20_000;
/** Longest query-string value. */
export const QUERY_VALUE_MAX = 2000;
/** Highest `page` of any list endpoint. */
export const PAGE_MAX = 100_000;

/** What is wrong with a string: `nul`, `surrogate` (not Unicode) or `tooLong` (over `limit`). */
export interface TextProblem {
  /** where: a dotted path of a field (`variables.note`), '' for the whole value */
  path: string;
  kind: 'nul' | 'surrogate' | 'tooLong' | 'tooMany';
  limit?: number;
  /** true when the problem is in a key (a field name), not a value */
  inKey?: boolean;
}

/**
 * Deepest nesting of `[`/`{` in JSON text, scanning the raw characters (strings skipped), so that
 * a body nested a million deep is refused before the parser or any recursive walk sees it. Stops
 * counting as soon as `limit` is exceeded and returns `limit + 1`.
 */
export function jsonDepth(text: string | Uint8Array, limit = JSON_MAX_DEPTH): number {
  const isBytes = typeof text !== 'string';
  const n = text.length;
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = isBytes ? (text as Uint8Array)[i] : (text as string).charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return limit + 1;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/**
 * Deepest element nesting of XML text (start tags minus end tags; comments, CDATA, processing
 * instructions and self-closing tags do not nest). Stops at `limit + 1`.
 */
export function xmlDepth(xml: string, limit = XML_MAX_DEPTH): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  for (;;) {
    i = xml.indexOf('<', i);
    if (i < 0) return max;
    const next = xml.charCodeAt(i + 1);
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return max;
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) return max;
      i = end + 3;
    } else if (next === 0x3f /* ? */ || next === 0x21 /* ! */) {
      i += 2;
    } else if (next === 0x2f /* / */) {
      depth--;
      i += 2;
    } else {
      const end = xml.indexOf('>', i + 1);
      if (end < 0) return max;
      if (xml.charCodeAt(end - 1) !== 0x2f) {
        if (++depth > max) {
          max = depth;
          if (max > limit) return limit + 1;
        }
      }
      i = end + 1;
    }
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string for storage: a NUL character or a lone surrogate (not Unicode). */
export function textProblem(s: string): 'nul' | 'surrogate' | undefined {
  if (s.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return undefined;
}

/**
 * The first bad string in a parsed JSON value (keys included): its path and what is wrong, or
 * undefined. `maxText` bounds every string's length, `bounds.maxKey` every key's, `bounds.maxNodes`
 * the number of values in it (`tooMany`). Iterative, so depth cannot overflow the stack.
 */
export function findBadText(value: unknown, root: string, maxText = Infinity, bounds: { maxKey?: number; maxNodes?: number } = {}): TextProblem | undefined {
  const { maxKey = Infinity, maxNodes = Infinity } = bounds;
  const stack: [unknown, string][] = [[value, root]];
  let nodes = 0;
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (++nodes > maxNodes) return { path: root, kind: 'tooMany', limit: maxNodes };
    if (typeof v === 'string') {
      const kind = textProblem(v);
      if (kind) return { path, kind };
      if (v.length > maxText) return { path, kind: 'tooLong', limit: maxText };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const kind = textProblem(k);
        if (kind) return { path, kind, inKey: true };
        if (k.length > maxKey) return { path, kind: 'tooLong', limit: maxKey, inKey: true };
        stack.push([x, path ? `${path}.${k}` : k]);
      }
    }
  }
  return undefined;
}

const LONG_TEXT = Symbol('longText');

/**
 * Marks a DTO string field that may be longer than {@link TEXT_MAX} (file contents, CSV, comments),
 * up to `max` characters (default: only the body limit).
 */
export function LongText(max = Infinity): PropertyDecorator {
  return (target, key) => Reflect.defineMetadata(LONG_TEXT, max, target, key);
}

/**
 * The first string of a validated DTO (nested DTOs and arrays of them included) that is longer
 * than its field allows: {@link TEXT_MAX}, or the {@link LongText} limit; inside free-form objects
 * (variables, profiles) every string at most {@link VALUE_TEXT_MAX}, every key at most
 * {@link VALUE_KEY_MAX}, at most {@link VALUE_MAX_NODES} values in all.
 */
export function dtoTextProblem(dto: object, prefix = ''): TextProblem | undefined {
  for (const [key, v] of Object.entries(dto)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const problem = fieldTextProblem(v, path, (Reflect.getMetadata(LONG_TEXT, dto, key) as number | undefined) ?? TEXT_MAX);
    if (problem) return problem;
  }
  return undefined;
}

function fieldTextProblem(v: unknown, path: string, max: number): TextProblem | undefined {
  if (typeof v === 'string') return v.length > max ? { path, kind: 'tooLong', limit: max } : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = fieldTextProblem(v[i], `${path}.${i}`, max);
      if (p) return p;
    }
    return undefined;
  }
  if (v && typeof v === 'object') {
    if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      return findBadText(v, path, VALUE_TEXT_MAX, { maxKey: VALUE_KEY_MAX, maxNodes: VALUE_MAX_NODES });
    }
    return dtoTextProblem(v, path);
  }
  return undefined;
}
