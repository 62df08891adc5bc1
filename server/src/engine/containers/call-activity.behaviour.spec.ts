import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('call activity', () => {
  it('given a call activity with input/output mappings (call-activity.parent.bpmn), when activated, then a child start is requested with parent variables plus inputs', async () => {
    const model = await loadModel(import.meta.url, 'call-activity.parent.bpmn');
    expect(model.calledProcessKeys).toEqual(['iomRoute']);
    const parent = new TestInstance(model).start({ variables: { teacher: { id: 'T1' }, year: 2026 } });
    expect(parent.of('callActivityStartRequested')).toMatchObject([
      { elementId: 'iom', processKey: 'iomRoute', variables: { teacher: { id: 'T1' }, year: 2026, teacherId: 'T1' } },
    ]);
  });

  it('given the child completes (call-activity.child.bpmn), when the parent is told, then only the output mapping reaches the parent (propagateAllChildVariables=false)', async () => {
    const parentModel = await loadModel(import.meta.url, 'call-activity.parent.bpmn');
    const childModel = await loadModel(import.meta.url, 'call-activity.child.bpmn');
    const parent = new TestInstance(parentModel).start({ variables: { teacher: { id: 'T1' } } });
    const request = parent.of('callActivityStartRequested')[0];
    const child = new TestInstance(childModel).start({
      variables: { ...request.variables, deficits: ['assessment'] },
      parent: { instanceId: parent.state.instanceId, executionId: request.executionId },
    });
    child.completeTask('compose', { route: ['course A'] });
    expect(child.ended).toMatchObject({ outcome: 'completed', parent: { executionId: request.executionId } });
    parent.send({ type: 'childInstanceEnded', executionId: request.executionId, outcome: 'completed', variables: child.ended!.variables });
    expect(parent.ended?.variables).toEqual({ teacher: { id: 'T1' }, iomRoute: ['course A'] });
  });

  it('given the child throws an uncaught BPMN error, when it ends, then the child ends with the error code and the parent boundary catches it', async () => {
    const parentModel = await loadModel(import.meta.url, 'call-activity.parent.bpmn');
    const childModel = await loadModel(import.meta.url, 'call-activity.child.bpmn');
    const parent = new TestInstance(parentModel).start({ variables: { teacher: { id: 'T1' } } });
    const request = parent.of('callActivityStartRequested')[0];
    const child = new TestInstance(childModel).start({
      variables: { deficits: [] },
      parent: { instanceId: parent.state.instanceId, executionId: request.executionId },
    });
    expect(child.ended).toMatchObject({ outcome: 'error', errorCode: 'NO_DEFICITS' });
    expect(child.incidents()).toEqual([]);
    parent.send({ type: 'childInstanceEnded', executionId: request.executionId, outcome: 'error', code: child.ended!.errorCode });
    expect(parent.active()).toEqual(['close']);
  });

  it('given a waiting call activity, when the parent is cancelled, then cancelling the child is requested', async () => {
    const model = await loadModel(import.meta.url, 'call-activity.parent.bpmn');
    const parent = new TestInstance(model).start({ variables: { teacher: { id: 'T1' } } });
    const executionId = parent.of('callActivityStartRequested')[0].executionId;
    parent.send({ type: 'cancelInstance' });
    expect(parent.of('childInstanceCancelRequested')).toMatchObject([{ executionId }]);
  });
});
