import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('receive task', () => {
  it('given a receive task (receive-task.message.bpmn), when the correlated message arrives, then it completes with the message variables', async () => {
    const model = await loadModel(import.meta.url, 'receive-task.message.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 'T-9' } });
    expect(instance.of('subscriptionOpened')).toMatchObject([{ name: 'diagnostics-done', correlationKey: 'T-9', elementId: 'await' }]);
    instance.trigger('await', { deficits: ['assessment'] });
    expect(instance.ended?.variables).toEqual({ teacherId: 'T-9', deficits: ['assessment'] });
  });
});
