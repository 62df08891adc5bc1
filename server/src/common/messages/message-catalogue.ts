import { CATALOGUE } from './catalogue.js';
import type { Language, MessageText } from './message.types.js';

export type { Language, MessageTable, MessageText } from './message.types.js';

/** The languages in order of preference (the first is the default). */
export const LANGUAGES: readonly Language[] = ['ru', 'en'];

/** A key of the catalogue. */
export type MessageKey = keyof typeof CATALOGUE;

/** A parameter of a message: plain text or number, a list, or another message (rendered in the same language). */
export type MessageParam = string | number | boolean | null | undefined | LocalizedMessage | MessageParam[];

/**
 * A message not yet rendered: the catalogue key and its parameters. It travels inside HTTP
 * exceptions (as the body, as `message`, or inside `fields`) and the API exception filter renders
 * it in the caller's language.
 */
export interface LocalizedMessage {
  readonly $msg: MessageKey;
  readonly params?: Record<string, MessageParam>;
}

/**
 * A message of the catalogue with its parameters, to throw in an HTTP exception:
 * `throw new NotFoundException(msg('task.notFound', { id }))`, or as a part of a body:
 * `new BadRequestException({ message: msg('form.invalid', { fields }), fields: { key: [msg(…)] } })`.
 */
export function msg(key: MessageKey, params?: Record<string, MessageParam>): LocalizedMessage {
  return params ? { $msg: key, params } : { $msg: key };
}

/** Marks a class-validator `message` that stands for a catalogue message (see {@link ruleMessage}). */
const RULE_MARK = '§msg:';

/**
 * A class-validator `message` that the validation pipe answers with the catalogue message `key`
 * (in the caller's language): `@Matches(USERNAME, { message: ruleMessage('user.usernameRule') })`.
 */
export function ruleMessage(key: MessageKey, params?: Record<string, string | number>): string {
  return RULE_MARK + JSON.stringify(params ? { key, params } : { key });
}

/** The catalogue message a class-validator text made by {@link ruleMessage} stands for, or undefined. */
export function fromRuleMessage(text: string): LocalizedMessage | undefined {
  if (!text.startsWith(RULE_MARK)) return undefined;
  const { key, params } = JSON.parse(text.slice(RULE_MARK.length)) as { key: MessageKey; params?: Record<string, MessageParam> };
  return msg(key, params);
}

/** Is `v` a message to render? */
export function isLocalizedMessage(v: unknown): v is LocalizedMessage {
  return !!v && typeof v === 'object' && typeof (v as { $msg?: unknown }).$msg === 'string';
}

function renderParam(v: MessageParam, lang: Language): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => renderParam(x, lang)).join('; ');
  if (isLocalizedMessage(v)) return render(v, lang);
  return String(v);
}

/** The text of a message in `lang`; an unknown key renders as the key itself (never throws). */
export function render(m: LocalizedMessage, lang: Language): string {
  const entry = (CATALOGUE as Record<string, MessageText>)[m.$msg];
  if (!entry) return m.$msg;
  const params = m.params ?? {};
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? renderParam(params[name], lang) : whole));
}

/**
 * Renders every message found in `value` (deeply: bodies, `message`, lists in `fields`), leaving
 * everything else as it is.
 */
export function localize(value: unknown, lang: Language): unknown {
  if (isLocalizedMessage(value)) return render(value, lang);
  if (Array.isArray(value)) return value.map((v) => localize(v, lang));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, lang)]));
  }
  return value;
}

/**
 * The language of an answer from an `Accept-Language` header: English when the client prefers it
 * to Russian, Russian otherwise (also with no header).
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return 'ru';
  let best: { lang: Language; q: number } | undefined;
  for (const [i, part] of header.split(',').entries()) {
    const [tag, ...rest] = part.trim().toLowerCase().split(';');
    const qp = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    const base = tag.split('-')[0] as Language;
    if (!LANGUAGES.includes(base) || !(q > 0)) continue;
    // higher q wins; on a tie the earlier one
    const score = q - i * 1e-6;
    if (!best || score > best.q) best = { lang: base, q: score };
  }
  return best?.lang ?? 'ru';
}
