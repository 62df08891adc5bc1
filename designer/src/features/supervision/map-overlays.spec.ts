import { describe, expect, it } from 'vitest';
import { badgePosition, instanceMarkers, statsBadges } from './map-overlays';

describe('process map overlays', () => {
  it('one badge per non-zero count', () => {
    expect(statsBadges([
      { elementId: 'a', active: 3, overdue: 1, incidents: 0, completed: 9 },
      { elementId: 'b', active: 0, overdue: 0, incidents: 2, completed: 0 },
      { elementId: 'c', active: 0, overdue: 0, incidents: 0, completed: 5 },
    ])).toEqual([
      { elementId: 'a', kind: 'active', count: 3 },
      { elementId: 'a', kind: 'overdue', count: 1 },
      { elementId: 'b', kind: 'incidents', count: 2 },
    ]);
    expect(badgePosition('active')).toEqual({ bottom: 12, left: -8 });
  });

  it('marks the path, the current tokens and incidents', () => {
    const m = instanceMarkers({ path: ['start', 'plan', 'stage'], tokens: [{ elementId: 'stage' }], incidents: [{ elementId: 'stage' }, { elementId: null }] });
    expect(Object.fromEntries(m)).toEqual({ start: ['pd-path'], plan: ['pd-path'], stage: ['pd-path', 'pd-current', 'pd-incident'] });
  });
});
