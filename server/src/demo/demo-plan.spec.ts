import { fillTokens, planDemo, timeline } from './demo-plan.js';

const NOW = new Date('2027-03-01T09:00:00Z');

describe('demo plan: routes dated back from the load', () => {
  test('a route starts startedAgo before the load; each step after the previous one; steps after the load are not played', () => {
    const [r] = planDemo([{ process: 'p', startedBy: 'a', startedAgo: 'P10D', steps: [
      { complete: 's1', after: 'P2D' }, { complete: 's2', after: 'P3D' }, { complete: 's3', after: 'P30D' },
    ] }], NOW, 'UTC', () => undefined);
    expect(r.startAt.toISOString()).toBe('2027-02-19T09:00:00.000Z');
    expect(r.steps.map((s) => [s.complete, s.at.toISOString()])).toEqual([['s1', '2027-02-21T09:00:00.000Z'], ['s2', '2027-02-24T09:00:00.000Z']]);
  });

  test('forEach: one route per subject, staggered, each at its stage; tokens filled per subject and step', () => {
    const routes = planDemo([{ process: 'p', startedBy: 'm', startedAgo: 'P20D', forEach: { subjects: ['t1', 't2', 't3'], stagger: 'P1D', stages: [0, 1, 2] },
      steps: [{ complete: 'a', after: 'P1D', variables: { who: '{{subject.fullName}}', due: '{{date:P7D}}' } }, { complete: 'b', after: 'P1D' }] }],
    NOW, 'UTC', (u) => ({ t1: 'Иванова', t2: 'Петрова', t3: 'Сидорова' } as Record<string, string>)[u]);
    expect(routes.map((r) => [r.subject, r.startAt.toISOString().slice(0, 10), r.steps.length])).toEqual([
      ['t1', '2027-02-09', 0], ['t2', '2027-02-10', 1], ['t3', '2027-02-11', 2],
    ]);
    expect(routes[1].steps[0].variables).toEqual({ who: 'Петрова', due: '2027-02-18' });
    const ev = timeline(routes);
    expect(ev.map((e) => e.at.getTime())).toEqual([...ev.map((e) => e.at.getTime())].sort((a, b) => a - b));
    expect(ev).toHaveLength(3 + 0 + 1 + 2);
  });

  test('dates in the tenant zone; a step is a task or a message, not both', () => {
    expect(fillTokens('{{date:-P1D}}', new Date('2027-03-01T22:00:00Z'), 'Asia/Kamchatka')).toBe('2027-03-01');
    expect(() => planDemo([{ process: 'p', startedBy: 'a', startedAgo: 'P1D', steps: [{ complete: 'x', raise: 'y' }] }], NOW, 'UTC', () => undefined)).toThrow('exactly one');
  });
});
