import type { MessageTable } from './message.types.js';

/** Messages of deployments and their dry runs: what can be known of a process before it runs. */
export const deployMessages = {
  'deploy.elementValue': {
    ru: '«{element}»: {what} «{value}» — {reason}',
    en: '{element}: {what} "{value}": {reason}',
  },
  'deploy.what.dueDate': { ru: 'срок выполнения', en: 'dueDate' },
  'deploy.what.followUpDate': { ru: 'дата напоминания', en: 'followUpDate' },
  'deploy.what.timerDate': { ru: 'таймер (дата)', en: 'timer timeDate' },
  'deploy.what.timerDuration': { ru: 'таймер (длительность)', en: 'timer timeDuration' },
  'deploy.what.timerCycle': { ru: 'таймер (цикл)', en: 'timer timeCycle' },
  'deploy.reason.startVariable': {
    ru: 'переменную «{names}» не задаёт ни одна форма процесса и ни один выход задачи: она должна прийти при запуске или с сообщением. Проверьте её на образце данных',
    en: 'no form of the process or output mapping sets {names}: it must come with the start or a message; check it with sample variables',
  },
  'deploy.reason.unknownVariable': {
    ru: 'не дата, не длительность и не расписание: переменную «{names}» не задаёт ни одна форма процесса, ни выход задачи, ни образец. Срок записывается выражением, например "=add working days(today(), 7)"',
    en: 'not a date, duration or cron: no form of the process, output mapping or sample sets {names}',
  },
  'deploy.reason.notDate': { ru: 'получается «{result}», а это не дата (нужна дата или дата и время)', en: 'gives "{result}", which is not a date or date-time' },
  'deploy.reason.notDuration': { ru: 'получается «{result}», а это не длительность (например "P7D")', en: 'gives "{result}", which is not an ISO 8601 duration' },
  'deploy.reason.notCycle': {
    ru: 'получается «{result}», а это не повторение "R/P1D" и не расписание "cron" ({detail})',
    en: 'gives "{result}", which is neither an ISO 8601 cycle nor a cron expression ({detail})',
  },
  'deploy.reason.empty': { ru: 'получается пустое значение', en: 'gives null' },
  'deploy.reason.failed': { ru: 'не вычисляется на образце данных: {detail}', en: 'does not evaluate on the sample data: {detail}' },
  'deploy.staticValue': { ru: '«{element}»: {what} «{value}» — {reason}', en: '{original}' },
  'deploy.reason.staticDate': {
    ru: 'не дата (например 2027-06-01T09:00:00). Срок, который считается от запуска, записывается выражением с «=», например "=add working days(today(), 7)"',
    en: 'not an ISO 8601 date or date-time',
  },
  'deploy.reason.staticDuration': { ru: 'не длительность (например "P14D" — 14 дней)', en: 'not an ISO 8601 duration' },
  'deploy.reason.staticCycle': { ru: 'не повторение вида "R/P1D" и не расписание "cron"', en: 'neither an ISO 8601 cycle nor a cron expression' },
  'deploy.what.outputMapping': { ru: 'выход ("output mapping")', en: 'output mapping' },
  'deploy.what.resultVariable': { ru: 'переменная результата скрипта', en: 'script resultVariable' },
  'deploy.what.outputCollection': { ru: 'коллекция результатов ("outputCollection")', en: 'multi-instance outputCollection' },
  'deploy.reservedTarget': {
    ru: '«{element}»: {what} пишет в переменную «{target}», которую задаёт сам сервер ("initiator" — кто запустил процесс, "subject" — о ком дело, "loopCounter" — номер элемента); выберите другое имя',
    en: '{original}',
  },
  'deploy.calledProcessMissing': {
    ru: '«{element}»: вызываемый процесс «{key}» не развёрнут и не входит в это развёртывание',
    en: '{element}: called process "{key}" is neither in this deployment nor deployed before',
  },
  'deploy.messageNotCaught': {
    ru: '«{element}»: сообщение «{name}» не ожидает ни один процесс — его получат только внешние системы',
    en: '{element}: no process catches message "{name}"',
  },
  'deploy.formMissing': {
    ru: '«{element}»: форма «{formId}» не развёрнута и не входит в это развёртывание',
    en: 'form "{formId}" is neither in this deployment nor deployed before',
  },
  'deploy.roleMissing': {
    ru: '«{element}»: роль «{role}» не объявлена в варианте региона',
    en: 'candidate role "{role}" is not declared by the tenant\'s variant',
  },
} satisfies MessageTable;
