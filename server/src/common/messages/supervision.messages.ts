import type { MessageTable } from './message.types.js';

/** Messages of supervision: alerts, indicators and the process map. */
export const supervisionMessages = {
  'supervision.notSupervisor': {
    ru: 'Оповещения и показатели организации видят только её наблюдатели (супервизоры) и администраторы',
    en: 'only supervisors and administrators of an organisation see its alerts and indicators',
  },
  'supervision.orgNotFound': { ru: 'Организация {id} не найдена', en: 'organisation {id} not found' },
  'supervision.notSupervisedOrg': { ru: 'Вы не наблюдаете за организацией «{name}»', en: 'you do not supervise this organisation' },
  'supervision.instanceNotFound': { ru: 'Экземпляр процесса {id} не найден', en: 'process instance {id} not found' },
  'supervision.definitionNotFound': { ru: 'Версия процесса {id} не найдена', en: 'process definition {id} not found' },
  'indicators.periodRule': { ru: 'нужен год (2027) или учебный год (2027-2028)', en: 'period must be a year (2027) or a school year (2027-2028)' },
  'indicators.badBound': {
    ru: 'Граница периода «{value}» — не дата: нужна дата ГГГГ-ММ-ДД или момент времени (например 2027-09-01T00:00:00Z)',
    en: 'not an ISO date or instant: {value}',
  },
  'indicators.badPeriod': {
    ru: 'Период «{period}» указан неверно: нужен календарный год (2027) или учебный год (2027-2028)',
    en: 'period: "{period}" — a calendar year (2027) or a school year (2027-2028)',
  },
  'indicators.badPeriodField': { ru: 'год (2027) или учебный год (2027-2028)', en: 'YYYY or YYYY-YYYY' },
  'indicators.periodAndBounds': {
    ru: 'Укажите либо период ("period"), либо его границы ("from" и "to"), но не то и другое сразу',
    en: 'period: give "period" or "from"/"to", not both',
  },
  'indicators.periodAndBoundsField': { ru: 'либо период, либо границы', en: 'or from/to' },
} satisfies MessageTable;
