import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, queryFromRoute, routeFromQuery, taskActions } from './task-query';

describe('inbox filters in the route', () => {
  it('defaults to my tasks, first page', () => {
    expect(queryFromRoute({})).toEqual({ scope: 'assigned', processKey: '', overdue: false, page: 1, size: PAGE_SIZE });
  });

  it('reads and writes the same filters', () => {
    const q = queryFromRoute({ scope: 'candidate', process: 'post-course-support', overdue: 'true', page: '3' });
    expect(q).toEqual({ scope: 'candidate', processKey: 'post-course-support', overdue: true, page: 3, size: PAGE_SIZE });
    expect(routeFromQuery(q)).toEqual({ scope: 'candidate', process: 'post-course-support', overdue: 'true', page: '3' });
  });

  it('ignores broken values', () => {
    expect(queryFromRoute({ scope: 'everything', page: '-2' })).toMatchObject({ scope: 'assigned', page: 1 });
    expect(routeFromQuery(queryFromRoute({}))).toEqual({});
  });
});

describe('taskActions', () => {
  const me = { id: 'u1', username: 'ivanova' };
  it('offers claim on an unassigned task', () => {
    expect(taskActions({ assignee: null }, me)).toEqual({ canClaim: true, canUnclaim: false, mine: false });
  });
  it('offers unclaim on my task (by username or id)', () => {
    expect(taskActions({ assignee: 'ivanova' }, me)).toEqual({ canClaim: false, canUnclaim: true, mine: true });
    expect(taskActions({ assignee: 'u1' }, me).canUnclaim).toBe(true);
  });
  it('offers nothing on a task of someone else', () => {
    expect(taskActions({ assignee: 'petrov' }, me)).toEqual({ canClaim: false, canUnclaim: false, mine: false });
  });
});
