import type { MessageTable } from './message.types.js';

/** Messages of a tenant's clock moved by hand (simulated time, sandboxes). */
export const clockMessages = {
  'clock.tenantRequired': {
    ru: 'Укажите арендатора: параметр "tenant" (ключ или идентификатор)',
    en: 'name the tenant: the "tenant" parameter (key or id)',
  },
  'clock.adminsOnly': { ru: 'Сдвигать время могут только администраторы арендатора', en: 'only administrators of the tenant may move its time' },
  'clock.realTime': {
    ru: 'Арендатор «{key}» работает по реальному времени ("ENGINE_CLOCK=real"): его время сдвинуть нельзя. Своё время есть у песочницы',
    en: 'tenant "{key}" runs on real time (ENGINE_CLOCK=real): its time cannot be moved; a sandbox has a time of its own',
  },
  'clock.badDuration': {
    ru: '"duration" — не длительность "ISO 8601" (например, "P14D" или "PT2H"): {value}',
    en: '"duration" is not an ISO 8601 duration (for instance P14D or PT2H): {value}',
  },
  'clock.negativeDuration': { ru: 'Время назад не идёт: длительность не может быть отрицательной', en: 'time does not go back: the duration cannot be negative' },
  'clock.badTo': {
    ru: '"to" — не момент времени "ISO 8601" (например, 2027-06-01T09:00:00+05:00): {value}',
    en: '"to" is not an ISO 8601 instant (for instance 2027-06-01T09:00:00+05:00): {value}',
  },
  'clock.oneOf': {
    ru: 'Укажите ровно одно из двух: "duration" (длительность) или "to" (момент времени)',
    en: 'give exactly one of "duration" (a duration) or "to" (an instant)',
  },
  'clock.backwards': {
    ru: 'Время назад не идёт: у арендатора «{key}» уже {now}, а запрошено {target}',
    en: 'time does not go back: tenant "{key}" is already at {now}, and {target} was asked for',
  },
} satisfies MessageTable;
