import type { DraftKind } from './draft.dto.js';

/** A draft name is a file name: letters (any script), digits, `. _ -`, spaces and `/` for folders. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._\-/]{0,199}$/u;

/** True when `name` may name a draft (no `..`, no leading slash, at most 200 characters). */
export function isDraftName(name: string): boolean {
  return NAME.test(name) && !name.includes('..') && !name.includes('//');
}

/** The kind a file name implies: `*.bpmn` → bpmn, `*.form` → form, `variant.json` → variant. */
export function kindOfName(name: string): DraftKind | null {
  if (/\.bpmn$/i.test(name) || /\.bpmn20\.xml$/i.test(name)) return 'bpmn';
  if (/\.form$/i.test(name)) return 'form';
  if (name === 'variant.json' || name.endsWith('/variant.json')) return 'variant';
  return null;
}
