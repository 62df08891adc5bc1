import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('task (undefined)', () => {
  it('given a plain task with mappings (task.pass-through.bpmn), when reached, then it passes through; its local input stays local and the output is propagated', async () => {
    const model = await loadModel(import.meta.url, 'task.pass-through.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.ended?.variables).toEqual({ result: 2 });
    const completed = instance.of('history').filter((h) => h.entry.kind === 'elementCompleted').map((h) => (h.entry as { elementId: string }).elementId);
    expect(completed).toEqual(['start', 'note', 'meet', 'end', 'p']);
  });
});
