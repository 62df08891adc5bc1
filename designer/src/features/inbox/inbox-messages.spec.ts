import { describe, expect, it } from 'vitest';
import { inboxEn, inboxRu } from './inbox-messages';
import { ru } from '../../shared/i18n/ru';

type Tree = { [key: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
const placeholders = (s: string) => [...s.matchAll(/{(\w+)}/g)].map((m) => m[1]).sort();

describe('inbox messages', () => {
  it('ru and en have the same keys and placeholders, none empty', () => {
    expect(keys(inboxEn as unknown as Tree).sort()).toEqual(keys(inboxRu as unknown as Tree).sort());
    const get = (t: Tree, path: string) => path.split('.').reduce<string | Tree>((n, k) => (n as Tree)[k], t) as string;
    for (const k of keys(inboxRu as unknown as Tree)) {
      const r = get(inboxRu as unknown as Tree, k);
      const e = get(inboxEn as unknown as Tree, k);
      expect(r.trim(), k).not.toBe('');
      expect(placeholders(e), k).toEqual(placeholders(r));
    }
  });

  it('uses namespaces of its own, so it never overwrites the shared messages', () => {
    for (const ns of Object.keys(inboxRu)) expect(Object.keys(ru)).not.toContain(ns);
  });
});
