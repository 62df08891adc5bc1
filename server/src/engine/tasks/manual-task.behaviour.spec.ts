import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('manual task', () => {
  it('given a manual task (manual-task.pass-through.bpmn), when reached, then it is activated and completed at once', async () => {
    const model = await loadModel(import.meta.url, 'manual-task.pass-through.bpmn');
    const instance = new TestInstance(model).start();
    const meet = instance.of('history').filter((h) => 'elementId' in h.entry && h.entry.elementId === 'meet').map((h) => h.entry.kind);
    expect(meet).toEqual(['elementActivated', 'elementCompleted']);
    expect(instance.ended?.outcome).toBe('completed');
  });
});
