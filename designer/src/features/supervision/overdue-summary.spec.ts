import { describe, expect, it } from 'vitest';
import { countByProcess } from './overdue-summary';

describe('countByProcess', () => {
  it('counts tasks per process, most first', () => {
    expect(countByProcess([{ processKey: 'b' }, { processKey: 'a' }, { processKey: 'b' }, { processKey: 'c' }])).toEqual([
      { processKey: 'b', count: 2 },
      { processKey: 'a', count: 1 },
      { processKey: 'c', count: 1 },
    ]);
    expect(countByProcess([])).toEqual([]);
  });
});
