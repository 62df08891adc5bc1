import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../test/memory-storage';
import { ru } from './i18n/ru';
import { en } from './i18n/en';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/{(\w+)}/g)].map((m) => m[1]).sort();

describe('i18n messages', () => {
  const ruLeaves = leaves(ru as unknown as Tree);
  const enLeaves = leaves(en as unknown as Tree);

  it('ru and en have the same keys', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...ruLeaves.keys()].sort());
  });

  it('no message is empty', () => {
    for (const [key, value] of [...ruLeaves, ...enLeaves]) expect(value.trim(), key).not.toBe('');
  });

  it('both languages use the same placeholders', () => {
    for (const [key, value] of ruLeaves) expect(placeholders(enLeaves.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('Russian texts are in Russian', () => {
    for (const key of ['nav.inbox', 'nav.processes', 'nav.supervision', 'login.wrongCredentials', 'errors.unreachable']) {
      expect(ruLeaves.get(key), key).toMatch(/[а-яё]/i);
    }
    expect(ruLeaves.get('nav.inbox')).toBe('Входящие');
    expect(ruLeaves.get('nav.processes')).toBe('Процессы');
    expect(ruLeaves.get('nav.supervision')).toBe('Надзор');
  });
});

describe('locale choice', () => {
  it('defaults to Russian and remembers a switch to English', async () => {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    vi.resetModules();
    const mod = await import('./i18n');
    expect(mod.currentLocale()).toBe('ru');
    expect(mod.i18n.global.t('nav.inbox')).toBe('Входящие');
    mod.setLocale('en');
    expect(storage.getItem(mod.LOCALE_KEY)).toBe('en');
    expect(mod.i18n.global.t('nav.inbox')).toBe('Inbox');
    vi.resetModules();
    const again = await import('./i18n');
    expect(again.currentLocale()).toBe('en');
    vi.unstubAllGlobals();
  });
});
