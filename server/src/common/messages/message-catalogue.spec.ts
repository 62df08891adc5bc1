import { CATALOGUE } from './catalogue.js';
import { languageOf, localize, msg, render } from './message-catalogue.js';

describe('the message catalogue', () => {
  test('every message has a Russian and an English text, and the Russian one has no English words', () => {
    // Latin that is not English prose: names of settings, formats and protocols
    const allowed = /\b(BODY_LIMIT|UUID|JSON|API|http|https|true|false|isExecutable|processKey|processDefinitionId|variables|GET|POST|method|path|CSV|FEEL|METRICS_TOKEN|METRICS_PORT|UTF|gzip|deflate|br)\b/g;
    for (const [key, text] of Object.entries(CATALOGUE)) {
      expect([key, text.ru.length > 0, text.en.length > 0]).toEqual([key, true, true]);
      const latin = text.ru.replace(/\{\w+\}/g, '').replace(/"[^"]*"/g, '').replace(allowed, '').match(/[A-Za-z]{2,}/g);
      expect([key, latin]).toEqual([key, null]);
    }
  });

  test('given parameters, nested messages and lists, when rendered, then each is put in its place in the same language', () => {
    const m = msg('form.invalid', { problems: [msg('form.fieldInvalid', { label: 'Тема', problem: msg('form.required') })] });
    expect(render(m, 'ru')).toBe('В форме есть ошибки: «Тема» — обязательное поле');
    expect(render(m, 'en')).toBe('the form has errors: Тема: required');
    expect(localize({ message: m, fields: { topic: [msg('form.required')] }, n: 1 }, 'ru')).toEqual({
      message: 'В форме есть ошибки: «Тема» — обязательное поле',
      fields: { topic: ['обязательное поле'] },
      n: 1,
    });
  });

  test('the language is Russian unless Accept-Language prefers English', () => {
    expect(languageOf(undefined)).toBe('ru');
    expect(languageOf('')).toBe('ru');
    expect(languageOf('de-DE')).toBe('ru');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(languageOf('en;q=0.5, ru;q=0.9')).toBe('ru');
    expect(languageOf('de, en;q=0.7')).toBe('en');
  });
});
