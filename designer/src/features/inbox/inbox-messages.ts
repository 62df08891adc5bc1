/**
 * Messages of the inbox pages added with the filters, context and start choices. They live beside
 * the pages and are merged into the global messages when a page is loaded (`useInboxMessages`).
 */
import { i18n } from '../../shared/i18n';

export const inboxRu = {
  inboxUi: {
    organisation: 'Организация',
    organisationAll: 'Все организации',
    due: 'Срок',
    dueAll: 'Любой срок',
    dueOverdue: 'Просроченные',
    dueOnTime: 'Не просроченные',
    sort: 'Порядок',
    sortDueAsc: 'Срок: ближайшие',
    sortDueDesc: 'Срок: дальние',
    sortCreated: 'По дате создания',
    colOrganisation: 'Организация',
    noDue: 'без срока',
    assignedOther: 'занята другим',
    found: 'Найдено задач: {total}',
    resetFilters: 'Сбросить фильтры',
  },
  taskUi: {
    step: 'Шаг',
    teacher: 'Педагог',
    businessKey: 'Номер дела',
    startedAt: 'Процесс начат',
    history: 'Что уже сделано',
    historyEmpty: 'Пока ничего.',
    variables: 'Данные процесса',
    openLink: 'открыть',
    completedNotice: 'Задача выполнена.',
    event: {
      instanceStarted: 'Процесс начат',
      taskCompleted: 'Выполнено',
      elementCompleted: 'Пройдено',
    },
  },
  startUi: {
    organisation: 'От имени организации',
    openTask: 'Перейти к первому шагу',
    toInbox: 'Ко входящим',
    noneForRole: 'Нет процессов, которые может запустить ваша роль.',
  },
};

export const inboxEn: typeof inboxRu = {
  inboxUi: {
    organisation: 'Organisation',
    organisationAll: 'All organisations',
    due: 'Due',
    dueAll: 'Any due date',
    dueOverdue: 'Overdue',
    dueOnTime: 'Not overdue',
    sort: 'Order',
    sortDueAsc: 'Due: soonest first',
    sortDueDesc: 'Due: latest first',
    sortCreated: 'By creation date',
    colOrganisation: 'Organisation',
    noDue: 'no due date',
    assignedOther: 'taken by someone else',
    found: 'Tasks found: {total}',
    resetFilters: 'Reset filters',
  },
  taskUi: {
    step: 'Step',
    teacher: 'Teacher',
    businessKey: 'Case number',
    startedAt: 'Process started',
    history: 'What happened so far',
    historyEmpty: 'Nothing yet.',
    variables: 'Process data',
    openLink: 'open',
    completedNotice: 'The task has been completed.',
    event: {
      instanceStarted: 'Process started',
      taskCompleted: 'Completed',
      elementCompleted: 'Passed',
    },
  },
  startUi: {
    organisation: 'On behalf of',
    openTask: 'Go to the first step',
    toInbox: 'To the inbox',
    noneForRole: 'There are no processes your role may start.',
  },
};

let merged = false;
/** Adds the inbox messages to the global ones (once). */
export function useInboxMessages(): void {
  if (merged) return;
  merged = true;
  i18n.global.mergeLocaleMessage('ru', inboxRu);
  i18n.global.mergeLocaleMessage('en', inboxEn);
}
