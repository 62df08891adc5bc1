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
});
