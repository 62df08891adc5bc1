import { describe, expect, it } from 'vitest';
import { parseVariables } from './sandbox-api';

describe('sandbox variables', () => {
  it('parses an object, an empty text, and refuses the rest', () => {
    expect(parseVariables('{"a": 1}')).toEqual({ a: 1 });
    expect(parseVariables('  ')).toEqual({});
    expect(() => parseVariables('[1]')).toThrow(/объект/);
    expect(() => parseVariables('{a')).toThrow();
  });
});
