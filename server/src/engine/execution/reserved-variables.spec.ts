import { loadModel, TestInstance } from '../testing/engine-test-kit.js';
import { RESERVED_VARIABLES, ReservedVariableError } from './reserved-variables.js';

const containers = new URL('../containers/', import.meta.url).href;
const gateways = new URL('../gateways/', import.meta.url).href;

describe('reserved variables', () => {
  it('lists what the engine and the server set themselves', () => {
    expect(RESERVED_VARIABLES).toEqual(['initiator', 'subject', 'loopCounter']);
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
