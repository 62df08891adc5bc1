import { render } from '../../common/messages/message-catalogue.js';
import { indicatorProblems as problemsOf, rolesOf } from './indicator-declaration.js';

/** The problems as the English texts (they are catalogue messages). */
const indicatorProblems = (...args: Parameters<typeof problemsOf>) => problemsOf(...args).map((p) => render(p, 'en'));

describe('indicator declarations: a users side may count holders of several roles', () => {
  const levels = ['region', 'municipality', 'school'];
  const roles = new Set(['teacher', 'head']);
  const share = (role: unknown) => [{
    key: 'diagnosed', name: 'Доля', numerator: { count: 'subjects', process: 'p' }, denominator: { count: 'users', role },
  }];

  it('given a role or a list of declared roles, when checked, then there is no problem and the roles are read', () => {
    expect(indicatorProblems(share('teacher'), levels, roles)).toEqual([]);
    expect(indicatorProblems(share(['teacher', 'head']), levels, roles)).toEqual([]);
    expect(rolesOf({ count: 'users', role: ['teacher', 'head'] })).toEqual(['teacher', 'head']);
    expect(rolesOf({ count: 'users', role: 'teacher' })).toEqual(['teacher']);
  });

  it('given an empty list, a list with a non-string or an undeclared role, when checked, then each is a problem naming the field', () => {
    expect(indicatorProblems(share([]), levels, roles)).toEqual([expect.stringContaining('denominator: "count": "users" needs "role"')]);
    expect(indicatorProblems(share(['teacher', 3]), levels, roles)).toEqual([expect.stringContaining('needs "role"')]);
    expect(indicatorProblems(share(['teacher', 'deputy']), levels, roles)).toEqual([expect.stringContaining('role "deputy" is not declared')]);
    expect(problemsOf(share(['teacher', 'deputy']), levels, roles).map((p) => render(p, 'ru'))).toEqual(['indicators[0] (diagnosed).denominator: роль «deputy» не объявлена']);
  });
});
