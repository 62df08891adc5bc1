import type { MessageTable } from './message.types.js';

/** Messages of the indicators a variant file declares (problems found at deploy). */
export const indicatorMessages = {
  'indicator.sideObject': { ru: '{at}: нужен объект с "count"', en: '{at} must be an object with "count"' },
  'indicator.count': { ru: '{at}: "count" — одно из {counts}, а не «{count}»', en: '{at}.count must be one of {counts}, not "{count}"' },
  'indicator.needsProcess': { ru: '{at}: для "count": "{count}" укажите "process"', en: '{at}: "count": "{count}" needs "process"' },
  'indicator.needsRole': {
    ru: '{at}: для "count": "users" укажите "role" (ключ роли или их список)',
    en: '{at}: "count": "users" needs "role" (a role key or a list of them)',
  },
  'indicator.needsLevel': {
    ru: '{at}: для "count": "organisations" укажите "level" — один из "levels" ({levels})',
    en: '{at}: "count": "organisations" needs "level", one of "levels" ({levels})',
  },
  'indicator.state': { ru: '{at}: "state" — "completed" или "active"', en: '{at}.state must be "completed" or "active"' },
  'indicator.reached': { ru: '{at}: "reached" — список идентификаторов элементов', en: '{at}.reached must be a list of element ids' },
  'indicator.where': { ru: '{at}: "where" — выражение FEEL', en: '{at}.where must be a FEEL expression' },
  'indicator.list': { ru: '"indicators" должен быть списком', en: '"indicators" must be a list' },
  'indicator.key': { ru: '{at}: укажите "key"', en: '{at}: "key" is required' },
  'indicator.kind': {
    ru: '{at}: "kind" — "share", "count" или "sum", а не «{kind}»',
    en: '{at}.kind must be "share", "count" or "sum", not "{kind}"',
  },
  'indicator.roleNotDeclared': { ru: '{at}: роль «{role}» не объявлена', en: '{at}: role "{role}" is not declared' },
  'indicator.unitsDiffer': {
    ru: '{at}: числитель считает «{numerator}», а знаменатель «{denominator}» — числитель должен быть частью знаменателя ("subjects" экземпляров против "users" или экземпляры против экземпляров того же процесса)',
    en: '{at}: the numerator counts {numerator} and the denominator {denominator} — the numerator must be a subset of the denominator (count "subjects" of instances against "users", or instances against instances of the same process)',
  },
  'indicator.processesDiffer': {
    ru: '{at}: числитель считает экземпляры «{numerator}», а знаменатель — «{denominator}»: числитель должен быть частью знаменателя',
    en: '{at}: the numerator counts instances of "{numerator}" and the denominator of "{denominator}" — the numerator must be a subset of the denominator',
  },
  'indicator.sumOfInstances': { ru: '{at}: сумма складывает переменную экземпляров ("count": "instances")', en: '{at}.of: a sum adds a variable of instances ("count": "instances")' },
  'indicator.sumVariable': { ru: '{at}: укажите числовую переменную для суммы ("variable")', en: '{at}.variable: the numeric variable to sum is required' },
  'indicator.breakdownLevel': {
    ru: '{at}: уровня разбивки «{level}» нет в "levels" ({levels})',
    en: '{at}.breakdown.level: level "{level}" is not one of "levels" ({levels})',
  },
} satisfies MessageTable;
