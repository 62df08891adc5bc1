import type { MessageTable } from './message.types.js';

/** Messages of the HTTP layer: bodies that cannot be read, invalid fields, unexpected errors. */
export const commonMessages = {
  'http.bodyTooLarge': { ru: 'Запрос больше допустимого размера (BODY_LIMIT)', en: 'the request body is larger than the configured limit (BODY_LIMIT)' },
  'http.bodyNotJson': { ru: 'Тело запроса — не JSON: {detail}', en: 'the request body is not valid JSON: {detail}' },
  'http.badRequest': { ru: 'Неверный запрос', en: 'bad request' },
  'http.internal': { ru: 'Внутренняя ошибка сервера; подробности — в журнале сервера', en: 'internal error; the server log has the details' },
  'http.routeNotFound': { ru: 'Нет такого адреса API: {method} {path}', en: 'Cannot {method} {path}' },
  'validation.invalidFields': { ru: 'Неверные поля: {fields}', en: 'invalid fields: {fields}' },
  'validation.field': { ru: '{field} ({problems})', en: '{field} ({problems})' },
  'validation.isUuid': { ru: 'должно быть идентификатором (UUID)', en: '{detail}' },
  'validation.isString': { ru: 'должно быть строкой', en: '{detail}' },
  'validation.isInt': { ru: 'должно быть целым числом', en: '{detail}' },
  'validation.isNumber': { ru: 'должно быть числом', en: '{detail}' },
  'validation.isBoolean': { ru: 'должно быть да/нет (true/false)', en: '{detail}' },
  'validation.isBooleanString': { ru: 'должно быть true или false', en: '{detail}' },
  'validation.min': { ru: 'не меньше {limit}', en: '{detail}' },
  'validation.max': { ru: 'не больше {limit}', en: '{detail}' },
  'validation.isIn': { ru: 'одно из: {values}', en: '{detail}' },
  'validation.isNotEmpty': { ru: 'не должно быть пустым', en: '{detail}' },
  'validation.isEmail': { ru: 'должно быть адресом электронной почты', en: '{detail}' },
  'validation.isDateString': { ru: 'должно быть датой (ГГГГ-ММ-ДД)', en: '{detail}' },
  'validation.isArray': { ru: 'должно быть списком', en: '{detail}' },
  'validation.isObject': { ru: 'должно быть объектом', en: '{detail}' },
  'validation.whitelist': { ru: 'такого поля нет', en: '{detail}' },
  'validation.other': { ru: 'неверное значение', en: '{detail}' },
} satisfies MessageTable;
