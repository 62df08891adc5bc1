import type { MessageTable } from './message.types.js';

/** Messages of the runtime: tenancy of a request, deployments, definitions, incidents, reassignment, raised messages. */
export const runtimeMessages = {
  'tenant.superadminMustName': {
    ru: 'Суперадминистратор должен указать арендатора ("tenant": ключ или идентификатор)',
    en: 'the superadmin must name the tenant ("tenant": key or id)',
  },
  'tenant.userHasNone': { ru: 'Пользователь не относится ни к одному арендатору', en: 'the user belongs to no tenant' },
  'tenant.idNotFound': { ru: 'Арендатор {id} не найден', en: 'tenant {id} not found' },
  'definition.keyNotDeployed': { ru: 'Процесс «{key}» не развёрнут', en: 'no process "{key}" is deployed' },
  'start.subjectNotFound': { ru: 'Пользователь {id} не найден (поле "subjectId")', en: 'user {id} (subjectId) not found' },
  'start.subjectDeactivated': {
    ru: 'Пользователь «{name}» ("subjectId") деактивирован: маршрут о нём запустить нельзя',
    en: 'user "{name}" (subjectId) is deactivated: no route can be started about them',
  },
  'start.orgFieldNotFound': { ru: 'Организация {id} не найдена (поле "orgId")', en: 'organisation {id} (orgId) not found' },
  'start.notForSubject': {
    ru: 'Вы не можете запустить процесс «{name}» для пользователя «{subject}»: нужна роль {roles}в его организации или выше',
    en: 'you may not start process "{name}" for user "{subject}": it needs a role {roles}at their organisation or above',
  },
  'start.notAtOrg': { ru: 'Вы не можете запустить процесс «{name}» в организации {id} (поле "orgId")', en: 'you may not start process "{name}" at organisation {id} (orgId)' },
  'start.subjectRule': { ru: 'нужно "me" или идентификатор пользователя', en: 'subject must be "me" or a user id' },
  'message.orgNotFound': { ru: 'Организация {id} не найдена', en: 'organisation {id} not found' },
  'incident.notFound': { ru: 'Инцидент {id} не найден', en: 'incident {id} not found' },
  'reassign.notAllowed': {
    ru: 'Передать задачу другому исполнителю может администратор или наблюдатель (супервизор) её организации или вышестоящей',
    en: 'only an administrator or a supervisor of the task\'s organisation or one above it may reassign the task',
  },
  'reassign.userNotInTenant': {
    ru: 'Пользователь {id} не найден среди пользователей региона задачи (поле "userId")',
    en: 'userId: user {id} is not a user of the task\'s tenant',
  },
  'reassign.userNotInTenantField': { ru: 'не пользователь региона задачи', en: 'not a user of the task\'s tenant' },
  'reassign.userDeactivated': {
    ru: 'Пользователь «{name}» деактивирован — передать ему задачу нельзя (поле "userId")',
    en: 'userId: user "{name}" is deactivated: the task cannot be given to them',
  },
  'reassign.userDeactivatedField': { ru: 'пользователь деактивирован', en: 'the user is deactivated' },
  'raise.notDeclared': {
    ru: 'Сообщение «{name}» не объявлено для участников процесса «{process}» (в "variant.json": {where}{declared})',
    en: 'name: message "{name}" is not declared for the participants of process "{process}" ({where}{declaredEn})',
  },
  'raise.notDeclaredField': { ru: 'не объявлено в разделе "processes.<key>.raisable"', en: 'not declared in processes.<key>.raisable' },
  'raise.roleRequired': {
    ru: 'Сообщение «{name}» могут отправить: {roles} (в организации экземпляра или выше)',
    en: 'message "{name}" may be sent by: {roles} (at the instance\'s organisation or above)',
  },
  'raise.notWaiting': { ru: 'Процесс сейчас не ждёт сообщения «{name}»', en: 'the process is not waiting for message "{name}" now' },
  'deploy.noResources': { ru: 'В развёртывании нет ни одного файла', en: 'a deployment needs at least one resource' },
  'deploy.resourceShape': { ru: 'у каждого файла должны быть имя ("name") и текст ("content")', en: 'each resource needs a "name" and a text "content"' },
  'deploy.nameTwice': { ru: 'файл с этим именем встречается в развёртывании дважды', en: 'resource name used twice in the deployment' },
  'deploy.noProcess': { ru: 'в схеме нет ни одного процесса', en: 'the diagram has no process' },
  'deploy.jsonTooDeep': { ru: 'JSON вложен глубже {limit} уровней', en: 'the JSON is nested deeper than {limit} levels' },
  'deploy.notJson': { ru: 'это не JSON: {detail}', en: 'not JSON: {detail}' },
  'deploy.unknownKind': {
    ru: 'непонятный вид файла: нужен "*.bpmn", "*.form", "variant.json" или "documents/*.json"',
    en: 'unknown kind of resource: expected *.bpmn, *.form, variant.json or documents/*.json',
  },
  'deploy.processTwice': { ru: 'процесс «{key}» определён ещё и в {other}', en: 'process id "{key}" is also defined in {other}' },
  'deploy.formTwice': { ru: 'форма «{formId}» определена дважды', en: 'form id "{formId}" is defined twice' },
  'deploy.raisableNotCaught': {
    ru: 'сообщение «{message}» из "processes.{key}.raisable" не ожидает ни один элемент процесса «{key}» (промежуточное событие, граничное событие, задача получения или стартовое событие подпроцесса)',
    en: 'processes.{key}.raisable: message "{message}" is caught by no element of process "{key}" (an intermediate catch event, boundary event, receive task or event sub-process start)',
  },
  'deploy.refused': { ru: 'Развёртывание отклонено, проблем: {n}', en: 'развёртывание отклонено, проблем: {n} (the deployment was refused)' },
  'deploy.timerStartInvalid': {
    ru: 'значение таймера запуска «{value}» не даёт таймер: {detail}',
    en: 'the timer start value "{value}" does not give a timer: {detail}',
  },
} satisfies MessageTable;
