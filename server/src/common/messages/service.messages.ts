import type { MessageTable } from './message.types.js';

/** Messages of notifications and the e-mail outbox, and of the metrics endpoint. */
export const serviceMessages = {
  'notification.notFound': { ru: 'Уведомление {id} не найдено', en: 'notification {id} not found' },
  'notification.outboxAdminsOnly': { ru: 'Очередь исходящих писем видят только администраторы', en: 'only administrators see the e-mail outbox' },
  'notification.flushSuperadminOnly': { ru: 'Отправить очередь писем немедленно может только суперадминистратор', en: 'only the superadmin may flush the outbox' },
  'metrics.otherPort': { ru: 'Метрики отдаются на порту {port}', en: 'metrics are served on port {port}' },
  'metrics.tokenRequired': { ru: 'Нужен токен доступа к метрикам (METRICS_TOKEN) в заголовке "Authorization: Bearer"', en: 'a bearer token (METRICS_TOKEN) is required' },
  'metrics.localOnly': {
    ru: 'Метрики можно читать только с этой машины; задайте METRICS_TOKEN или METRICS_PORT',
    en: 'metrics are readable from this machine only; set METRICS_TOKEN or METRICS_PORT',
  },
} satisfies MessageTable;
