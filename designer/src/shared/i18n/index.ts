/**
 * vue-i18n set-up: Russian first, English second; the choice is remembered in
 * localStorage.
 */
import { createI18n } from 'vue-i18n';
import { ru } from './ru';
import { en } from './en';
import { surfaceEn, surfaceRu } from './surface';

export type Locale = 'ru' | 'en';
export const LOCALES: Locale[] = ['ru', 'en'];
export const LOCALE_KEY = 'pd.locale';

export function savedLocale(): Locale {
  try {
    const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_KEY);
    return v === 'en' || v === 'ru' ? v : 'ru';
  } catch {
    return 'ru';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'ru',
  messages: { ru: { ...ru, surface: surfaceRu }, en: { ...en, surface: surfaceEn } },
});

/** Switches the UI language and remembers it. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    /* private mode: the choice just is not remembered */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}
