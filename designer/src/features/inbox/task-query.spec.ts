import { describe, expect, it } from 'vitest';
import { activeQuickFilter, endOfWeek, historyLines, orgOptions, PAGE_SIZE, queryFromRoute, roleNames, routeFromQuery, safeUrl, taskActions, taskOverdue } from './task-query';

describe('inbox filters in the route', () => {
  const org = '0f8fad5b-d9cb-469f-a165-70867728950e';
  it("defaults to my tasks and my roles' tasks, soonest due first, first page", () => {
    expect(queryFromRoute({})).toEqual({ q: '', scope: 'all', processKey: '', orgId: '', due: '', sort: 'dueAt', page: 1, size: PAGE_SIZE });
  });

  it('reads and writes the same filters', () => {
    const q = queryFromRoute({ q: ' Иванова ', scope: 'candidate', process: 'post-course-support', org, due: 'overdue', sort: '-dueAt', page: '3' });
    expect(q).toEqual({ q: 'Иванова', scope: 'candidate', processKey: 'post-course-support', orgId: org, due: 'overdue', sort: '-dueAt', page: 3, size: PAGE_SIZE });
    expect(routeFromQuery(q)).toEqual({ q: 'Иванова', scope: 'candidate', process: 'post-course-support', org, due: 'overdue', sort: '-dueAt', page: '3' });
  });

  it('still reads the old overdue=true links', () => {
    expect(queryFromRoute({ overdue: 'true' }).due).toBe('overdue');
  });

  it('ignores broken values', () => {
    expect(queryFromRoute({ scope: 'everything', page: '-2', sort: 'name', due: 'soon', org: 'x; drop' })).toMatchObject({
      scope: 'all', page: 1, sort: 'dueAt', due: '', orgId: '',
    });
    expect(routeFromQuery(queryFromRoute({}))).toEqual({});
  });
});

describe('taskOverdue', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it("trusts the server's flag, else compares the due date", () => {
    expect(taskOverdue({ dueAt: '2026-03-05T00:00:00Z', overdue: true }, now)).toBe(true);
    expect(taskOverdue({ dueAt: '2026-02-01T00:00:00Z' }, now)).toBe(true);
    expect(taskOverdue({ dueAt: '2026-03-05T00:00:00Z' }, now)).toBe(false);
    expect(taskOverdue({ dueAt: null }, now)).toBe(false);
  });
});

describe('orgOptions', () => {
  it("lists the user's organisations, then the tasks' ones, once each, by name", () => {
    const roles = [{ orgId: 'a', orgName: 'Школа 2' }, { orgId: 'a', orgName: 'Школа 2' }];
    const tasks = [{ orgId: 'b', orgName: 'Район 1' }, { orgId: null }, { orgId: 'a', orgName: 'Школа 2' }];
    expect(orgOptions(roles, tasks)).toEqual([{ id: 'b', name: 'Район 1' }, { id: 'a', name: 'Школа 2' }]);
  });
});

describe('safeUrl', () => {
  it('links only http(s) addresses', () => {
    expect(safeUrl('https://example.org/report.pdf')).toBe('https://example.org/report.pdf');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeUrl(' http://x')).toBe('http://x/');
    expect(safeUrl(42)).toBeNull();
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
  it('does not offer to give back a task the process assigned to me alone', () => {
    expect(taskActions({ assignee: 'u1', candidateRoles: [], candidateUsers: [] }, me)).toEqual({ canClaim: false, canUnclaim: false, mine: true });
    expect(taskActions({ assignee: 'u1', candidateRoles: ['methodist'], candidateUsers: [] }, me).canUnclaim).toBe(true);
  });
  it('offers nothing on a task of someone else', () => {
    expect(taskActions({ assignee: 'petrov' }, me)).toEqual({ canClaim: false, canUnclaim: false, mine: false });
  });
});

describe('historyLines', () => {
  it('lists the steps oldest first, a completed task once and named, without unnamed elements', () => {
    const server = [
      { at: '4', type: 'elementCompleted', elementId: 'apply', elementName: 'Заполнить заявку', userName: 'Иванова' },
      { at: '3', type: 'taskCompleted', elementId: 'apply', elementName: null, userName: 'Иванова' },
      { at: '2', type: 'elementCompleted', elementId: 'start', elementName: null, userName: 'Иванова' },
      { at: '1', type: 'instanceStarted', elementId: null, elementName: null, userName: 'Иванова' },
    ];
    expect(historyLines(server)).toEqual([
      { at: '1', type: 'instanceStarted', name: '', userName: 'Иванова' },
      { at: '3', type: 'taskCompleted', name: 'Заполнить заявку', userName: 'Иванова' },
    ]);
    expect(historyLines(undefined)).toEqual([]);
  });
});

describe('roleNames', () => {
  it('names roles from the memberships, else keeps the key', () => {
    expect(roleNames(['methodist', 'municipal'], [{ role: 'methodist', roleName: 'Методист ОО' }])).toEqual(['Методист ОО', 'municipal']);
  });

  it('names the roles the user does not hold from the tenant’s declared roles', () => {
    const declared = new Map([['municipal', 'Муниципальная методическая служба'], ['methodist', 'Методическая служба ОО']]);
    expect(roleNames(['methodist', 'municipal', 'unknown'], [{ role: 'methodist', roleName: 'Методист ОО' }], declared))
      .toEqual(['Методист ОО', 'Муниципальная методическая служба', 'unknown']);
  });
});

describe('quick filters', () => {
  it('each is a scope and a due filter; other combinations are none of them', () => {
    expect(activeQuickFilter({ scope: 'assigned', due: '' })).toBe('mine');
    expect(activeQuickFilter({ scope: 'candidate', due: '' })).toBe('roles');
    expect(activeQuickFilter({ scope: 'all', due: 'week' })).toBe('week');
    expect(activeQuickFilter({ scope: 'assigned', due: 'overdue' })).toBeNull();
  });

  it('this week ends at the start of next Monday, also on a Sunday and a Monday', () => {
    expect(endOfWeek(new Date(2026, 11, 3, 15))).toEqual(new Date(2026, 11, 7)); // Thursday
    expect(endOfWeek(new Date(2026, 11, 6, 23))).toEqual(new Date(2026, 11, 7)); // Sunday
    expect(endOfWeek(new Date(2026, 11, 7, 9))).toEqual(new Date(2026, 11, 14)); // Monday
  });
});
