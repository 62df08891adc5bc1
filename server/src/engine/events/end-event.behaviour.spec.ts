import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('end event', () => {
  it('given a terminate end on one branch (end-event.terminate.bpmn), when it is reached, then the other branch is terminated with its task and the instance completes', async () => {
    const model = await loadModel(import.meta.url, 'end-event.terminate.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
    expect(instance.active()).toEqual(['slow', 'wait']);
    const taskId = instance.taskId('slow');
    instance.trigger('wait');
    expect(instance.of('userTaskCancelled')).toEqual([{ type: 'userTaskCancelled', instanceId: instance.state.instanceId, taskId }]);
    expect(instance.ended).toMatchObject({ outcome: 'completed', variables: { teacherId: 't1' } });
    expect(instance.state.status).toBe('completed');
    expect(instance.state.elements).toEqual({});
  });

  it('given an error end with no catcher (end-event.error-uncaught.bpmn), when reached, then an incident is raised at the end event', async () => {
    const model = await loadModel(import.meta.url, 'end-event.error-uncaught.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.of('incidentRaised')).toMatchObject([{ elementId: 'fail', message: expect.stringMatching(/NO_DOCS/) }]);
    expect(instance.state.status).toBe('active');
    expect(instance.active()).toEqual(['fail']);
  });

  it('given a signal end event (end-event.signal.bpmn), when reached, then the signal is broadcast with its input variables and the instance completes', async () => {
    const model = await loadModel(import.meta.url, 'end-event.signal.bpmn');
    const instance = new TestInstance(model).start({ variables: { year: 2026 } });
    expect(instance.of('signalBroadcast')).toMatchObject([{ name: 'year-closed', variables: { year: 2026 } }]);
    expect(instance.ended?.outcome).toBe('completed');
  });
});
