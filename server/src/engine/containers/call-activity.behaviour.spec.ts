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

describe('call activity variable propagation (call-activity.propagate-all.bpmn)', () => {
  it('given a FEEL process id and propagateAllParentVariables=false, when called and completed, then only inputs go down and all child variables come back', async () => {
    const model = await loadModel(import.meta.url, 'call-activity.propagate-all.bpmn');
    expect(model.calledProcessKeys).toEqual([]);
    const parent = new TestInstance(model).start({ variables: { a: 1, secret: 's', childKey: 'iomRoute' } });
    const request = parent.of('callActivityStartRequested')[0];
    expect(request).toMatchObject({ processKey: 'iomRoute', variables: { a: 1 } });
    parent.send({ type: 'childInstanceEnded', executionId: request.executionId, outcome: 'completed', variables: { a: 2, b: 3 } });
    // `a` exists locally on the call activity (its input mapping), so the child's `a` lands there (Zeebe propagation)
    expect(parent.ended?.variables).toEqual({ a: 1, b: 3, secret: 's', childKey: 'iomRoute' });
  });

  it('given a called instance that was terminated, when the parent is told, then an incident is raised at the call activity', async () => {
    const model = await loadModel(import.meta.url, 'call-activity.propagate-all.bpmn');
    const parent = new TestInstance(model).start({ variables: { a: 1, childKey: 'k' } });
    const executionId = parent.of('callActivityStartRequested')[0].executionId;
    parent.send({ type: 'childInstanceEnded', executionId, outcome: 'terminated' });
    expect(parent.incidents()).toEqual([expect.stringMatching(/call: the called instance was terminated/)]);
  });
});
