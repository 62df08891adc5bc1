import { isDraftName, kindOfName } from './draft-name.js';

describe('draft names', () => {
  it('accepts file names, refuses paths that climb', () => {
    expect(isDraftName('post-course.bpmn')).toBe(true);
    expect(isDraftName('forms/интервью.form')).toBe(true);
    expect(isDraftName('../etc/passwd')).toBe(false);
    expect(isDraftName('/abs.bpmn')).toBe(false);
    expect(isDraftName('')).toBe(false);
  });

  it('derives the kind from the name', () => {
    expect(kindOfName('a.bpmn')).toBe('bpmn');
    expect(kindOfName('forms/a.form')).toBe('form');
    expect(kindOfName('variant.json')).toBe('variant');
    expect(kindOfName('notes.txt')).toBeNull();
  });
});
