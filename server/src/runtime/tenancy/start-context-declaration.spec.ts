import { readStartContext } from './start-context-declaration.js';

describe('reading orgList / carryOver of a process in variant.json', () => {
  it('keeps the well-formed parts and drops the rest', () => {
    expect(readStartContext({ orgList: { level: 'school', variable: 'schools' } })).toEqual({ orgList: { level: 'school', variable: 'schools' } });
    expect(readStartContext({ carryOver: { variables: ['goals', 3, 'until'], variable: 'previous' } }))
      .toEqual({ carryOver: { variables: ['goals', 'until'], variable: 'previous' } });
    expect(readStartContext({ orgList: { level: 'school' }, carryOver: { variables: 'goals', variable: 'previous' } })).toBeUndefined();
    expect(readStartContext(undefined)).toBeUndefined();
  });
});
