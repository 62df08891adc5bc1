import type { MessageTable } from './message.types.js';

/** Messages of the reference lists (справочники). */
export const catalogMessages = {
  'catalog.listNotFound': { ru: 'Справочник «{key}» не найден', en: 'reference list "{key}" not found' },
  'catalog.badKey': {
    ru: 'Ключ справочника «{key}» не годится: латинские буквы, цифры, «-», «_», «.» (до 100 знаков), первым — буква или цифра',
    en: 'reference list key "{key}" is not valid: letters, digits, "-", "_", "." (up to 100)',
  },
  'catalog.badKeyField': { ru: 'неверный ключ', en: 'invalid key' },
  'catalog.listInvalid': { ru: 'Справочник «{key}» заполнен с ошибками: {problems}', en: 'reference list "{key}" has errors in: {fields}' },
  'catalog.itemProblem': { ru: 'строка {n}: {problem}', en: 'item {n}: {problem}' },
  'catalog.valueTwice': { ru: 'значение «{value}» уже есть в строке {other}', en: 'value "{value}" is used twice (also item {index})' },
  'catalog.labelEmpty': { ru: 'не указано название', en: 'label must not be empty' },
  'catalog.valueEmpty': { ru: 'не указано значение', en: 'value must not be empty' },
} satisfies MessageTable;
