import { formTitle } from './form-title.js';

describe('formTitle', () => {
  test('the first heading of the text components, without its marks', () => {
    expect(formTitle({ components: [
      { type: 'textfield', label: 'Тема' },
      { type: 'text', text: 'Введение\n\n### Проведение **мероприятия**' },
      { type: 'text', text: '## Другое' },
    ] })).toBe('Проведение мероприятия');
  });

  test('inside a group too; else the first line of the first text; a FEEL text is not a title', () => {
    expect(formTitle({ components: [{ type: 'group', components: [{ type: 'text', text: '# [Анкета](https://x.ru)' }] }] })).toBe('Анкета');
    expect(formTitle({ components: [{ type: 'text', text: '=title' }, { type: 'text', text: '\nЗаполните _до пятницы_\nвторая строка' }] })).toBe('Заполните до пятницы');
  });

  test('no text at all: null (the form is known by its id)', () => {
    expect(formTitle({ components: [{ type: 'textfield', label: 'Тема' }] })).toBeNull();
    expect(formTitle({})).toBeNull();
    expect(formTitle(null)).toBeNull();
  });
});
