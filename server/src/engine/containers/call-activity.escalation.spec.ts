import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('escalation across a call activity', () => {
  it('given a called process throws an escalation it does not catch, then it continues and the parent call activity catches it with its non-interrupting boundary', async () => {
    const parentModel = await loadModel(import.meta.url, 'call-activity.escalation-parent.bpmn');
    const childModel = await loadModel(import.meta.url, 'call-activity.escalation-child.bpmn');
    const parent = new TestInstance(parentModel).start();
    const request = parent.of('callActivityStartRequested')[0];
    expect(request).toMatchObject({ processKey: 'route-child', elementId: 'route' });

    const child = new TestInstance(childModel).start({ parent: { instanceId: parent.state.instanceId, executionId: request.executionId } });
    const propagated = child.of('escalationPropagated');
    expect(propagated).toEqual([{ type: 'escalationPropagated', instanceId: child.state.instanceId, code: 'need-help', parent: { instanceId: parent.state.instanceId, executionId: request.executionId } }]);
    expect(child.active()).toEqual(['work']);

    parent.send({ type: 'childEscalated', executionId: request.executionId, code: 'need-help' });
    expect(parent.active()).toEqual(['route', 'tutor-help']);
  });

  it('given the parent does not catch the escalation either, then nothing else happens (an escalation is not an error)', async () => {
    const childModel = await loadModel(import.meta.url, 'call-activity.escalation-child.bpmn');
    const top = new TestInstance(childModel).start();
    expect(top.of('escalationPropagated')).toEqual([]);
    expect(top.active()).toEqual(['work']);
    expect(top.incidents()).toEqual([]);
  });
});
