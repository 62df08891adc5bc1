import { describe, expect, test } from 'vitest';
import { paletteCss, russianDefaults } from './form-editor-modules';

describe('form editor: Russian defaults of new fields', () => {
  test('the English defaults form-js gives become Russian', () => {
    expect(russianDefaults({ type: 'datetime', subtype: 'date', dateLabel: 'Date' })).toEqual({ type: 'datetime', subtype: 'date', dateLabel: 'Дата' });
    expect(russianDefaults({ type: 'datetime', timeLabel: 'Time' }).timeLabel).toBe('Время');
    expect(russianDefaults({ type: 'text', text: '# Text' }).text).toBe('# Текст');
    expect(russianDefaults({ type: 'select', values: [{ label: 'Value', value: 'value' }] }).values).toEqual([{ label: 'Вариант 1', value: 'variant-1' }]);
    expect(russianDefaults({ type: 'radio', values: [{ label: 'Да', value: 'yes' }] }).values).toEqual([{ label: 'Да', value: 'yes' }]);
  });

  test('what the caller gave, and any other text, stays', () => {
    expect(russianDefaults({ type: 'text', text: '# Text' }, { text: '# Text' }).text).toBe('# Text');
    expect(russianDefaults({ type: 'datetime', dateLabel: 'Дата проведения' }).dateLabel).toBe('Дата проведения');
    expect(russianDefaults({ type: 'textfield', label: 'Date' }).label).toBe('Date');
  });

  test('the palette hides what the server cannot validate', () => {
    const css = paletteCss('.x');
    expect(css).toContain(':not([data-field-type="datetime"])');
    expect(css).not.toContain('"filepicker"');
  });
});
