import { describe, expect, it } from 'vitest';
import { loopItemViews } from './loop-item';
import type { PreviousStep } from '../../shared/api-shapes';

const FIELDS = [
  { type: 'select', key: 'eventType', label: 'Форма мероприятия', values: [{ value: 'open-lesson', label: 'Открытое учебное занятие' }] },
  { type: 'textfield', key: 'topic', label: 'Тема' },
];
const plan = (values: Record<string, unknown>): PreviousStep =>
  ({
    taskId: 't1', instanceId: 'i', elementId: 'plan', name: 'План', processName: null, completedAt: '2026-11-16T00:00:00Z', completedBy: null,
    form: { id: 'plan', type: 'default', components: [{ type: 'group', components: [{ type: 'dynamiclist', path: 'events', label: 'Мероприятия педагога', components: FIELDS }] }] },
    values, valuesFrom: 'submitted',
  }) as PreviousStep;
const EVENT = { eventType: 'open-lesson', topic: 'Смысловое чтение' };

describe('loopItemViews: which item of a loop a task is for', () => {
  it('shows the item with the fields of the dynamic list that filled its collection in, found inside groups', () => {
    const [view] = loopItemViews([{ element: 'event', collection: 'events', index: 0, total: 2, value: EVENT }], [plan({ events: [EVENT], subjects: ['x'] })]);
    expect(view).toEqual({
      label: 'Мероприятия педагога',
      index: 0,
      total: 2,
      form: { id: 'loop-item-event', type: 'default', components: FIELDS },
      data: { events: [EVENT], subjects: ['x'], ...EVENT },
    });
  });

  it('without an earlier form listing the collection (or an item that is no object), only which of how many', () => {
    expect(loopItemViews([{ element: 'school', collection: 'schools', index: 2, total: 5, value: { id: 's' } }], [plan({})])).toEqual([
      { label: null, index: 2, total: 5, form: null, data: {} },
    ]);
    expect(loopItemViews([{ element: 'login', collection: 'events', index: 0, total: 1, value: 'kam-teacher1' }], [plan({})])[0].form).toBeNull();
    expect(loopItemViews(undefined, undefined)).toEqual([]);
  });

  it('outermost loop first', () => {
    const views = loopItemViews([
      { element: 'row', collection: null, index: 1, total: 3, value: {} },
      { element: 'event', collection: 'events', index: 0, total: 2, value: EVENT },
    ], [plan({})]);
    expect(views.map((v) => v.total)).toEqual([2, 3]);
  });
});
