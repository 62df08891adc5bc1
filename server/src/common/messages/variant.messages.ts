import type { MessageTable } from './message.types.js';

/** Messages of a deployed variant file (variant.json) and form schemas that cannot be used. */
export const variantMessages = {
  'variant.notObject': { ru: 'Файл "variant.json" должен быть JSON-объектом', en: 'variant.json must be a JSON object' },
  'variant.key': { ru: '"key": нужен идентификатор из маленьких латинских букв, цифр, «-» и «_»', en: '"key" must be a lowercase identifier (a-z, 0-9, -, _)' },
  'variant.name': { ru: '"name": укажите название варианта', en: '"name" is required' },
  'variant.levels': {
    ru: '"levels": перечислите уровни организаций сверху вниз, идентификаторами',
    en: '"levels" must list the organisation levels from the top to the lowest, as identifiers',
  },
  'variant.levelTwice': { ru: '"levels": уровень указан дважды', en: '"levels" has a level twice' },
  'variant.roles': { ru: '"roles": перечислите роли вида [{ "key", "name", "level" }]', en: '"roles" must list the roles: [{ key, name, level }]' },
  'variant.roleKey': { ru: '{at}: "key" должен быть идентификатором', en: '{at}: "key" must be an identifier' },
  'variant.roleSystem': { ru: '{at}: «{key}» — системная роль, её нельзя объявить заново', en: '{at}: "{key}" is a system role and cannot be redeclared' },
  'variant.roleTwice': { ru: '{at}: роль «{key}» объявлена дважды', en: '{at}: role "{key}" is declared twice' },
  'variant.roleName': { ru: '{at}: укажите название роли ("name")', en: '{at}: "name" is required' },
  'variant.roleLevel': { ru: '{at}: уровня «{level}» нет в "levels"', en: '{at}: level "{level}" is not one of "levels"' },
  'variant.calendar': {
    ru: '"calendar": нет производственного календаря «{calendar}» (известные: {known})',
    en: '"calendar": no working-day calendar "{calendar}" (known: {knownEn})',
  },
  'variant.processes': { ru: '"processes" должен быть объектом с ключами процессов', en: '"processes" must be an object by process key' },
  'variant.roleNotDeclared': { ru: '{at}: роль «{role}» не объявлена', en: '{at}: role "{role}" is not declared' },
  'variant.levelNotDeclared': { ru: '{at}: уровня «{level}» нет в "levels" ({levels})', en: '{at}: level "{level}" is not one of "levels" ({levels})' },
  'variant.variableRequired': { ru: '{at}: укажите имя переменной', en: '{at}: a variable name is required' },
  'variant.carryOverVariables': { ru: '{at}: нужен непустой список имён переменных', en: '{at} must be a non-empty list of variable names' },
  'variant.raisableList': { ru: '{at}: нужен список вида [{ "message", "roles" }]', en: '{at} must be a list of { message, roles? }' },
  'variant.raisableMessage': { ru: '{at}: укажите имя сообщения', en: '{at}: a message name is required' },
  'variant.raisableRoles': { ru: '{at}: нужен список ключей ролей', en: '{at} must be a list of role keys' },
  'formSchema.notObject': { ru: 'Форма должна быть JSON-схемой "form-js" (объектом)', en: 'a form must be a form-js JSON schema object' },
  'formSchema.noId': { ru: 'У формы нет "id" (по нему на форму ссылаются задачи)', en: 'the form has no "id" (user tasks refer to forms by it)' },
  'formSchema.type': { ru: 'Вид формы «{type}» — не "default"', en: 'form type "{type}" is not "default"' },
  'formSchema.reservedKey': {
    ru: 'Поле формы «{key}» записало бы переменную, которую задаёт сам сервер ("initiator", "subject", "loopCounter"): задачу с такой формой нельзя было бы завершить. Выберите другой ключ',
    en: 'form field "{key}" would write a variable the engine sets itself (initiator, subject, loopCounter)',
  },
  'formSchema.noComponents': { ru: 'В форме нет списка полей ("components")', en: 'the form has no "components" list' },
} satisfies MessageTable;
