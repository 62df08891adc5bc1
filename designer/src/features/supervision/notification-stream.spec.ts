import { describe, expect, it } from 'vitest';
import { openNotificationStream, parseStreamUpdate } from './notification-stream';

describe('notification stream', () => {
  it('parses updates and ignores anything else', () => {
    expect(parseStreamUpdate('{"unread":2,"latest":{"id":"x","subject":"s","kind":"k"}}')).toEqual({ unread: 2, latest: { id: 'x', subject: 's', kind: 'k' } });
    expect(parseStreamUpdate('{"unread":0}')).toEqual({ unread: 0, latest: null });
    expect(parseStreamUpdate('nope')).toBeNull();
    expect(parseStreamUpdate('{"x":1}')).toBeNull();
  });

  it('without EventSource (node) it opens nothing and closing is harmless', () => {
    expect(() => openNotificationStream(() => undefined)()).not.toThrow();
  });
});
