import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('intermediate throw event', () => {
  it('given message, signal and uncaught escalation throws in a row, when run, then a message is published, a signal broadcast, and the escalation just continues', async () => {
    const model = await loadModel(import.meta.url, 'intermediate-throw-event.message.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't7', plan: { items: 3 } } });
    expect(instance.of('messagePublished')).toMatchObject([{ name: 'plan-approved', correlationKey: 't7', variables: { plan: { items: 3 } } }]);
    expect(instance.of('signalBroadcast')).toMatchObject([{ name: 'plans-ready' }]);
    expect(instance.ended?.outcome).toBe('completed');
  });
});
