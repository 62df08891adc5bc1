import type { MessageTable } from './message.types.js';

/** Messages of hostile or broken input, database outages, sign-in lockouts and tenant-wide authority. */
export const inputMessages = {
  'input.jsonTooDeep': { ru: 'Тело запроса вложено глубже {limit} уровней', en: 'the request body is nested deeper than {limit} levels' },
  'input.badPercent': { ru: 'Адрес запроса содержит неверную %-кодировку', en: 'the request address has a malformed percent-encoding' },
  'input.nul': { ru: '{where}: содержит нулевой символ (\\u0000)', en: '{where}: contains a NUL character (\\u0000)' },
  'input.loneSurrogate': { ru: '{where}: содержит одиночный суррогат (не текст Юникода)', en: '{where}: contains a lone UTF-16 surrogate (not Unicode text)' },
  'input.tooLong': { ru: '{where}: длиннее {limit} символов', en: '{where}: longer than {limit} characters' },
  'input.keyTooLong': { ru: '{where}: имя поля длиннее {limit} символов', en: '{where}: a key is longer than {limit} characters' },
  'input.tooManyValues': { ru: '{where}: больше {limit} значений (полей и элементов списков)', en: '{where}: more than {limit} values (fields and list elements)' },
  'input.wherePath': { ru: 'адрес запроса', en: 'the request address' },
  'input.whereQuery': { ru: 'параметр запроса {name}', en: 'query parameter {name}' },
  'input.whereField': { ru: 'поле {name}', en: 'field {name}' },
  'input.whereBody': { ru: 'тело запроса', en: 'the request body' },
  'input.tooComplex': { ru: 'Запрос слишком сложен (слишком глубокая вложенность)', en: 'the request is too complex (nested too deeply)' },
  'db.unavailable': {
    ru: 'База данных временно недоступна: повторите запрос через несколько секунд',
    en: 'the database is temporarily unavailable: retry in a few seconds',
  },
  'db.badText': { ru: 'Текст содержит символы, которые нельзя сохранить (нулевой символ или неверная кодировка)', en: 'the text has characters that cannot be stored (NUL or a bad encoding)' },
  'db.tooLong': { ru: 'Значение длиннее допустимого', en: 'a value is longer than allowed' },
  'db.tooLarge': { ru: 'Значение слишком велико для сохранения', en: 'a value is too large to store' },
  'db.badValue': { ru: 'Значение неверного формата или вне допустимого диапазона', en: 'a value has a wrong format or is out of range' },
  'auth.tooManyAttempts': {
    ru: 'Слишком много неудачных попыток входа с этого адреса: повторите через {minutes} мин',
    en: 'too many failed sign-in attempts from this address: try again in {minutes} min',
  },
  'access.designerOnly': {
    ru: 'Это может только администратор региона (роль "admin" в корневой организации) или разработчик регламента (роль "designer" в корневой организации)',
    en: 'only an administrator of the tenant (admin at a root organisation) or a designer of its regulation (designer at a root organisation) may do this',
  },
  'access.tenantAdminOnly': {
    ru: 'Это может только администратор региона (роль "admin" в корневой организации)',
    en: 'only an administrator of the tenant (admin at its root organisation) may do this',
  },
  'access.personalDataLogAdminsOnly': {
    ru: 'Журнал доступа к персональным данным доступен только администраторам',
    en: 'the personal-data access log is for administrators',
  },
} satisfies MessageTable;
