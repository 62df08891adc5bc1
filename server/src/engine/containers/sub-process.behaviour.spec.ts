import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('embedded sub-process', () => {
  it('given a sub-process with a local variable (sub-process.scope.bpmn), when the inner task completes, then a variable that exists in the sub-process scope is updated there, others go to the root, and the sub-process completes', async () => {
    const model = await loadModel(import.meta.url, 'sub-process.scope.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.active()).toEqual(['school', 'visit']);
    const scope = Object.values(instance.state.elements).find((e) => e.elementId === 'school')!;
    expect(scope.variables).toEqual({ visits: 0 });
    instance.completeTask('visit', { visits: 2, note: 'ok' });
    expect(instance.ended?.variables).toEqual({ note: 'ok', schoolVisits: 2 });
    expect(instance.of('history').filter((h) => h.entry.kind === 'elementCompleted').map((h) => (h.entry as { elementId: string }).elementId)).toEqual([
      'visit',
      'sEnd',
      'school',
      'end',
      'p',
    ]);
  });

  it('given an active sub-process, when the instance is cancelled, then inner and outer are terminated with the task cancelled', async () => {
    const model = await loadModel(import.meta.url, 'sub-process.scope.bpmn');
    const instance = new TestInstance(model).start();
    instance.send({ type: 'cancelInstance' });
    expect(instance.of('userTaskCancelled')).toHaveLength(1);
    expect(instance.ended).toMatchObject({ outcome: 'terminated' });
    expect(instance.state.status).toBe('terminated');
    expect(() => instance.send({ type: 'cancelInstance' })).toThrow(/ended/);
  });
});
