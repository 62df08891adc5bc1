import { describe, expect, it } from 'vitest';
import { fieldLabel, mapFieldErrors } from './form-errors';

const schema = {
  type: 'default',
  components: [
    { id: 'Field_topic', key: 'topic', label: 'Тема курса', type: 'textfield' },
    { id: 'Field_hours', key: 'hours', label: 'Часы', type: 'number' },
    {
      id: 'Group_1',
      type: 'group',
      path: 'plan',
      components: [{ id: 'Field_deadline', key: 'deadline', label: 'Срок', type: 'datetime' }],
    },
  ],
};

describe('mapFieldErrors', () => {
  it('maps field keys to form-js field ids', () => {
    const mapped = mapFieldErrors(schema, { topic: ['Обязательное поле'], hours: ['Не меньше 1'] });
    expect(mapped.byId).toEqual({ Field_topic: ['Обязательное поле'], Field_hours: ['Не меньше 1'] });
    expect(mapped.unmatched).toEqual([]);
  });

  it('finds fields inside groups by plain or dotted key', () => {
    expect(mapFieldErrors(schema, { 'plan.deadline': ['x'] }).byId).toEqual({ Field_deadline: ['x'] });
    expect(mapFieldErrors(schema, { deadline: ['y'] }).byId).toEqual({ Field_deadline: ['y'] });
  });

  it('keeps errors for unknown fields apart', () => {
    const mapped = mapFieldErrors(schema, { nope: ['z'] });
    expect(mapped.byId).toEqual({});
    expect(mapped.unmatched).toEqual([{ field: 'nope', label: 'nope', messages: ['z'] }]);
  });

  it('names fields by their label', () => {
    expect(fieldLabel(schema, 'hours')).toBe('Часы');
    expect(fieldLabel(schema, 'unknown')).toBe('unknown');
    expect(fieldLabel(null, 'a')).toBe('a');
  });
});
