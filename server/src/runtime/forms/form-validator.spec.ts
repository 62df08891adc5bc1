import { localize } from '../../common/messages/message-catalogue.js';
import { formErrorBody, isHttpUrl, validateSubmission } from './form-validator.js';
import type { FormComponent } from './form-validator.js';

/** The field errors as Russian / English text. */
const ru = (e: object) => localize(e, 'ru') as Record<string, string[]>;
const en = (e: object) => localize(e, 'en') as Record<string, string[]>;

const schema: { components: FormComponent[] } = {
  components: [
    { type: 'textfield', key: 'topic', label: 'Тема', validate: { required: true, maxLength: 10 } },
    { type: 'number', key: 'hours', label: 'Часы', validate: { min: 1, max: 72 } },
    { type: 'textfield', key: 'link', label: 'Ссылка', validate: { validationType: 'url' } },
    { type: 'select', key: 'kind', label: 'Вид', values: [{ value: 'open-lesson' }, { value: 'webinar' }] },
    {
      type: 'dynamiclist', path: 'rows', label: 'Строки',
      components: [{ type: 'textfield', key: 'deficit', label: 'Дефицит', validate: { required: true } }],
    },
  ],
};

describe('form validation on the server', () => {
  test('given a valid submission, when validated, then no field fails', () => {
    expect(validateSubmission(schema, { topic: 'ИОМ', hours: 36, link: 'https://example.org/x', kind: 'webinar', rows: [{ deficit: 'ИКТ' }] })).toEqual({});
  });

  test('given a missing required field, when validated, then that field is named', () => {
    expect(Object.keys(validateSubmission(schema, {}))).toEqual(['topic']);
  });

  test('given wrong types, ranges, links and options, when validated, then each field is named with a reason', () => {
    const e = validateSubmission(schema, { topic: 'слишком длинная тема', hours: 100, link: 'javascript:alert(1)', kind: 'party' });
    expect(Object.keys(e).sort()).toEqual(['hours', 'kind', 'link', 'topic']);
    expect(ru(e).hours[0]).toBe('«Часы» — не больше 72');
    expect(en(e).link[0]).toBe('Ссылка: not a link');
    expect(ru(validateSubmission(schema, { topic: 'a', hours: '5' })).hours[0]).toBe('«Часы» — должно быть числом');
  });

  test('given a dynamic list with a bad row, when validated, then the row field is named by index', () => {
    expect(ru(validateSubmission(schema, { topic: 'a', rows: [{ deficit: 'x' }, { deficit: '' }] }))).toEqual({ 'rows.1.deficit': ['«Строки, строка 2: Дефицит» — обязательное поле'] });
  });

  test('given a refused submission, when the answer is written, then Russian names the labels and the problems, English the keys', () => {
    const body = formErrorBody(validateSubmission(schema, { link: 'ziyatker.org' }));
    expect(localize(body.message, 'ru')).toBe('В форме есть ошибки: «Тема» — обязательное поле; «Ссылка» — нужна ссылка, начинающаяся с http:// или https://');
    expect(localize(body.message, 'en')).toBe('the form has errors in: topic, link');
  });

  test('links must be absolute http(s) URLs', () => {
    expect(isHttpUrl('https://ziyatker.org/a')).toBe(true);
    expect(isHttpUrl('ftp://x.org')).toBe(false);
    expect(isHttpUrl('ziyatker.org')).toBe(false);
  });
});
