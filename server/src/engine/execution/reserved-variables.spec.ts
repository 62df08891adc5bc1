import { loadModel, TestInstance } from '../testing/engine-test-kit.js';
import { compileBpmn } from '../model/compile-bpmn.js';
import { isReservedTarget, RESERVED_VARIABLES, ReservedVariableError } from './reserved-variables.js';

const containers = new URL('../containers/', import.meta.url).href;
const gateways = new URL('../gateways/', import.meta.url).href;

describe('reserved variables', () => {
  it('lists what the engine and the server set themselves', () => {
    expect(RESERVED_VARIABLES).toEqual(['initiator', 'subject', 'loopCounter']);
  });

  it('knows a write target that reaches a reserved variable (a path under one too)', () => {
    expect(['initiator', ' subject ', 'subject.id', 'loopCounter'].map(isReservedTarget)).toEqual([true, true, true, true]);
    expect(['initiatorName', 'mySubject', 'points', '', undefined].map(isReservedTarget)).toEqual([false, false, false, false, false]);
  });

  it('given a diagram whose output mapping, script result or output collection names a reserved variable, when compiled, then each is a problem naming its element', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <process id="p" isExecutable="true">
    <startEvent id="s" /><sequenceFlow id="f1" sourceRef="s" targetRef="a" />
    <userTask id="a"><extensionElements><zeebe:ioMapping><zeebe:input source="=1" target="subject" /><zeebe:output source="=who" target="initiator" /></zeebe:ioMapping></extensionElements></userTask>
    <sequenceFlow id="f2" sourceRef="a" targetRef="b" />
    <scriptTask id="b"><extensionElements><zeebe:script expression="=1" resultVariable="loopCounter" /></extensionElements></scriptTask>
    <sequenceFlow id="f3" sourceRef="b" targetRef="c" />
    <userTask id="c"><multiInstanceLoopCharacteristics><extensionElements><zeebe:loopCharacteristics inputCollection="=[1,2]" inputElement="x" outputCollection="subject" outputElement="=x" /></extensionElements></multiInstanceLoopCharacteristics></userTask>
    <sequenceFlow id="f4" sourceRef="c" targetRef="e" /><endEvent id="e" />
  </process>
</definitions>`;
    const { problems } = await compileBpmn(xml, 'p.bpmn');
    expect(problems.map((p) => [p.elementId, p.message])).toEqual([
      ['a', expect.stringMatching(/^output mapping 'initiator' writes a variable the engine sets itself/)],
      ['b', expect.stringMatching(/^script resultVariable 'loopCounter' writes/)],
      ['c', expect.stringMatching(/^multi-instance outputCollection 'subject' writes/)],
    ]);
  });

  it('given a task completion writing initiator, when executed, then it is refused naming the variable and nothing changes', async () => {
    const model = await loadModel(`${gateways}x.spec.ts`, 'exclusive-gateway.routing.bpmn');
    const instance = new TestInstance(model).start({ variables: { amount: 500, initiator: 'teacher-1' }, initiator: 'teacher-1' });
    const before = JSON.stringify(instance.state);
    expect(() => instance.completeTask('big', { initiator: 'someone-else', note: 'x' })).toThrow(ReservedVariableError);
    expect(() => instance.completeTask('big', { initiator: 'someone-else', subject: 'x' })).toThrow(/initiator, subject/);
    expect(JSON.stringify(instance.state)).toBe(before);
    instance.completeTask('big', { note: 'x' });
    expect(instance.ended?.variables).toMatchObject({ initiator: 'teacher-1', note: 'x' });
  });

  it('given set-variables or a message writing a reserved name, when executed, then it is refused', async () => {
    const model = await loadModel(`${gateways}x.spec.ts`, 'exclusive-gateway.routing.bpmn');
    const instance = new TestInstance(model).start({ variables: { amount: 500, initiator: 'teacher-1' } });
    expect(() => instance.send({ type: 'setVariables', variables: { subject: 'u2' } })).toThrow(ReservedVariableError);
    expect(() => instance.send({ type: 'setVariables', variables: { loopCounter: 7 }, local: true })).toThrow(/loopCounter/);
    expect(instance.variables).toEqual({ amount: 500, initiator: 'teacher-1' });
  });

  it('given a called instance with its own initiator and subject, when it ends, then the parent keeps its own', async () => {
    const model = await loadModel(`${containers}x.spec.ts`, 'call-activity.propagate-all.bpmn');
    const parent = new TestInstance(model).start({ variables: { a: 1, childKey: 'k', initiator: 'p', subject: 's1' } });
    const request = parent.of('callActivityStartRequested')[0];
    parent.send({ type: 'childInstanceEnded', executionId: request.executionId, outcome: 'completed', variables: { b: 3, initiator: 'c', subject: 's2' } });
    expect(parent.ended?.variables).toEqual({ a: 1, b: 3, childKey: 'k', initiator: 'p', subject: 's1' });
  });
});
