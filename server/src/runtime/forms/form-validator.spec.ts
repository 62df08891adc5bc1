import { localize } from '../../common/messages/message-catalogue.js';
import { dateInZone, formErrorBody, isHttpUrl, refusesPassedDates, validateSubmission } from './form-validator.js';
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

  test('given a refused submission, when the answer is written, then both languages name the form’s labels and the problems, never the keys', () => {
    const body = formErrorBody(validateSubmission(schema, { link: 'ziyatker.org' }));
    expect(localize(body.message, 'ru')).toBe('В форме есть ошибки: «Тема» — обязательное поле; «Ссылка» — нужна ссылка, начинающаяся с http:// или https://');
    expect(localize(body.message, 'en')).toBe('the form has errors: Тема: required; Ссылка: not a link');
  });

  test('links must be absolute http(s) URLs', () => {
    expect(isHttpUrl('https://ziyatker.org/a')).toBe(true);
    expect(isHttpUrl('ftp://x.org')).toBe(false);
    expect(isHttpUrl('ziyatker.org')).toBe(false);
  });
});

describe('form validation honours what the form editor offers', () => {
  const conditional: { components: FormComponent[] } = {
    components: [
      { type: 'checkbox', key: 'online', label: 'Онлайн' },
      { type: 'textfield', key: 'room', label: 'Аудитория', validate: { required: true }, conditional: { hide: '=online = true' } },
      { type: 'number', key: 'hours', label: 'Часы', validate: { min: '=minHours', max: '=minHours * 2' } },
      { type: 'textfield', key: 'code', label: 'Код', validate: { maxLength: '=codeLength' } },
      { type: 'number', key: 'score', label: 'Балл', decimalDigits: 1 },
      { type: 'textfield', key: 'note', label: 'Примечание', validate: { required: true }, readonly: '=locked' },
    ],
  };

  test('given a required field hidden by its condition, when validated, then it is not required', () => {
    expect(validateSubmission(conditional, { online: true, note: 'x' })).toEqual({});
    expect(Object.keys(validateSubmission(conditional, { online: false, note: 'x' }))).toEqual(['room']);
  });

  test('given FEEL-valued limits, when validated, then they are evaluated against the task variables and the submission', () => {
    const e = ru(validateSubmission(conditional, { online: true, note: 'x', hours: 3, code: 'ABCDE' }, {}, { minHours: 4, codeLength: 3 }));
    expect(e.hours[0]).toBe('«Часы» — не меньше 4');
    expect(e.code[0]).toBe('«Код» — не длиннее 3 символов');
    expect(ru(validateSubmission(conditional, { online: true, note: 'x', hours: 9 }, {}, { minHours: 4 })).hours[0]).toBe('«Часы» — не больше 8');
    expect(validateSubmission(conditional, { online: true, note: 'x', hours: 6, code: 'ABC' }, {}, { minHours: 4, codeLength: 3 })).toEqual({});
  });

  test('given decimal digits and a FEEL read-only condition, when validated, then both are honoured', () => {
    expect(ru(validateSubmission(conditional, { online: true, note: 'x', score: 4.25 })).score[0]).toBe('«Балл» — не больше 1 знаков после запятой');
    expect(validateSubmission(conditional, { online: true }, {}, { locked: true })).toEqual({});
    expect(Object.keys(validateSubmission(conditional, { online: true }, {}, { locked: false }))).toEqual(['note']);
  });

  test('given a date field that refuses passed dates, when validated, then a day before the tenant\'s today is refused, today and later pass', () => {
    const form: { components: FormComponent[] } = {
      components: [{ type: 'group', components: [{ type: 'datetime', key: 'heldOn', label: 'Дата проведения', disallowPassedDates: true }] },
        { type: 'datetime', key: 'from', label: 'Начало', disallowPassedDates: true }],
    };
    expect(refusesPassedDates(form)).toBe(true);
    expect(refusesPassedDates(conditional)).toBe(false);
    expect(ru(validateSubmission(form, { heldOn: '2026-12-05', from: '2026-12-05T23:30' }, {}, {}, '2026-12-06'))).toEqual({
      heldOn: ['«Дата проведения» — дата не может быть раньше сегодняшней'],
      from: ['«Начало» — дата не может быть раньше сегодняшней'],
    });
    expect(validateSubmission(form, { heldOn: '2026-12-06', from: '2027-01-10T09:00' }, {}, {}, '2026-12-06')).toEqual({});
    // a variable named like the rule's own entry cannot switch it off
    expect(Object.keys(validateSubmission(form, { heldOn: '2026-01-01', today: '2000-01-01' }, {}, { today: '2000-01-01' }, '2026-12-06'))).toEqual(['heldOn']);
    // the tenant's date: late evening in Moscow is already the next day in Kamchatka
    expect(dateInZone(new Date('2026-12-05T20:00:00Z'), 'Asia/Kamchatka')).toBe('2026-12-06');
    expect(dateInZone(new Date('2026-12-05T20:00:00Z'), 'Europe/Moscow')).toBe('2026-12-05');
  });

  test('given a condition inside a dynamic list row, when validated, then it sees the row', () => {
    const rows: { components: FormComponent[] } = {
      components: [{
        type: 'dynamiclist', path: 'rows', label: 'Строки',
        components: [
          { type: 'checkbox', key: 'done', label: 'Выполнено' },
          { type: 'textfield', key: 'reason', label: 'Причина', validate: { required: true }, conditional: { hide: '=done' } },
        ],
      }],
    };
    expect(ru(validateSubmission(rows, { rows: [{ done: true }, { done: false }] }))).toEqual({ 'rows.1.reason': ['«Строки, строка 2: Причина» — обязательное поле'] });
  });
  test('given a form whose expression would run away, when validated, then the FEEL budget cuts it and the expression counts as giving nothing', () => {
    // a limit built from a hundred million numbers: without the budget this takes the server's memory and minutes
    const bomb: { components: FormComponent[] } = {
      components: [{ type: 'number', key: 'hours', label: 'Часы', validate: { min: '=count(for i in 1..100000000 return i)', max: 72 } }],
    };
    expect(validateSubmission(bomb, { hours: 5 })).toEqual({});
    expect(ru(validateSubmission(bomb, { hours: 100 })).hours[0]).toBe('«Часы» — не больше 72');
  });
});
