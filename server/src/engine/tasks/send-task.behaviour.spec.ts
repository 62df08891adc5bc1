import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('send task', () => {
  it('given a send task with a message and one with a task definition (send-task.publish.bpmn), when run, then the first publishes and the second creates a job', async () => {
    const model = await loadModel(import.meta.url, 'send-task.publish.bpmn');
    const instance = new TestInstance(model).start({ variables: { curatorId: 'c1', planLink: 'https://x/p' } });
    expect(instance.of('messagePublished')).toMatchObject([{ name: 'plan-ready', correlationKey: 'c1', variables: { link: 'https://x/p' } }]);
    expect(instance.of('jobCreated')).toMatchObject([{ kind: 'action', actionType: 'http', elementId: 'sendByAction' }]);
    expect(instance.active()).toEqual(['sendByAction']);
  });
});
