import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('parallel gateway', () => {
  it('given a fork into three branches and a join (parallel-gateway.fork-join.bpmn), when branches complete one by one, then the join fires exactly once after the last', async () => {
    const model = await loadModel(import.meta.url, 'parallel-gateway.fork-join.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.active()).toEqual(['municipal', 'school']);
    instance.completeTask('school');
    expect(instance.active()).toEqual(['municipal']);
    expect(Object.values(instance.state.joins)).toEqual([{ f7: 1, f5: 1 }]);
    instance.completeTask('municipal');
    expect(instance.active()).toEqual(['reflect']);
    expect(instance.of('userTaskCreated')).toHaveLength(1);
    expect(Object.values(instance.state.joins)).toEqual([{ f5: 0, f6: 0, f7: 0 }]);
  });

  it('given a fork whose first branch ends at once (parallel-gateway.branch-ends-first.bpmn), when it starts, then the scopes wait for the other branches instead of completing early', async () => {
    const model = await loadModel(import.meta.url, 'parallel-gateway.branch-ends-first.bpmn');
    const instance = new TestInstance(model).start();
    // the first branch of each fork ends before the second is activated: neither the root nor the sub-process completes
    expect(instance.ended).toBeUndefined();
    expect(instance.active()).toEqual(['analyse', 'rework', 'support']);
    const support = Object.values(instance.state.elements).find((e) => e.elementId === 'support')!;
    const rework = Object.values(instance.state.elements).find((e) => e.elementId === 'rework')!;
    expect(rework.parentId).toBe(support.id);
    instance.completeTask('rework');
    expect(instance.active()).toEqual(['analyse']);
    instance.completeTask('analyse');
    expect(instance.ended?.outcome).toBe('completed');
    const completions = instance.all.filter((e) => e.type === 'history' && e.entry.kind === 'elementCompleted' && e.entry.elementId === 'end');
    expect(completions).toHaveLength(1);
  });
});
