import type { TestInstance as Instance } from '../testing/engine-test-kit.js';
import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

function openTaskIds(instance: Instance, elementId: string): string[] {
  return Object.values(instance.state.elements)
    .filter((e) => e.elementId === elementId && e.userTaskId)
    .map((e) => e.userTaskId!);
}

describe('multi-instance', () => {
  it('given a parallel user task over experts (multi-instance.parallel-task.bpmn), when all complete, then the verdicts are collected in order', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.parallel-task.bpmn');
    const instance = new TestInstance(model).start({ variables: { experts: ['e1', 'e2', 'e3'] } });
    expect(instance.of('userTaskCreated').map((t) => t.assignee)).toEqual(['e1', 'e2', 'e3']);
    const [t1, t2, t3] = openTaskIds(instance, 'review');
    instance.send({ type: 'completeUserTask', taskId: t3, variables: { verdict: 'no' } });
    instance.send({ type: 'completeUserTask', taskId: t1, variables: { verdict: 'yes' } });
    expect(instance.state.status).toBe('active');
    instance.send({ type: 'completeUserTask', taskId: t2, variables: { verdict: 'yes' } });
    expect(instance.ended?.variables.verdicts).toEqual(['yes', 'yes', 'no']);
  });

  it('given an empty collection, when reached, then the activity completes at once with an empty output', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.parallel-task.bpmn');
    const instance = new TestInstance(model).start({ variables: { experts: [] } });
    expect(instance.ended?.variables.verdicts).toEqual([]);
  });

  it('given a completion condition of half the votes, when two of four complete, then the others are cancelled and the token moves on', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.completion-condition.bpmn');
    const instance = new TestInstance(model).start({ variables: { members: ['a', 'b', 'c', 'd'] } });
    const [t1, t2] = openTaskIds(instance, 'vote');
    instance.send({ type: 'completeUserTask', taskId: t1 });
    expect(instance.state.status).toBe('active');
    instance.send({ type: 'completeUserTask', taskId: t2 });
    expect(instance.of('userTaskCancelled')).toHaveLength(2);
    expect(instance.ended?.outcome).toBe('completed');
  });

  it('given a sequential sub-process over three stages, when each completes, then the next starts with its own loopCounter and outputs are collected', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.sequential-subprocess.bpmn');
    const instance = new TestInstance(model).start();
    for (const expected of [1, 2, 3]) {
      const item = Object.values(instance.state.elements).find((e) => e.elementId === 'stages' && e.itemIndex !== undefined)!;
      expect(item.variables.loopCounter).toBe(expected);
      expect(instance.of('userTaskCreated')).toHaveLength(1);
      instance.completeTask('work');
    }
    expect(instance.ended?.variables.done).toEqual(['needs:1', 'compose:2', 'implement:3']);
  });

  it('given an input collection that is not a list, when reached, then an incident is raised on the body', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.parallel-task.bpmn');
    const instance = new TestInstance(model).start({ variables: { experts: 'e1' } });
    expect(instance.incidents()).toEqual([expect.stringMatching(/review: inputCollection.*not a list/)]);
  });
});

describe('multi-instance with a boundary event (multi-instance.boundary.bpmn)', () => {
  it('given a deadline on the whole multi-instance activity, when it fires, then all items are cancelled at once (one timer for the body)', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.boundary.bpmn');
    const instance = new TestInstance(model).start({ variables: { schools: ['s1', 's2', 's3'] } });
    expect(instance.of('jobCreated')).toHaveLength(1);
    instance.completeTask('visit');
    instance.fire('deadline');
    expect(instance.of('userTaskCancelled')).toHaveLength(2);
    expect(instance.active()).toEqual(['late']);
  });
});

describe('multi-instance completion condition over item variables (multi-instance.completion-item-variable.bpmn)', () => {
  it('given a condition on the inputElement, when the chair completes, then the condition sees that item\'s variables and ends the body', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.completion-item-variable.bpmn');
    const instance = new TestInstance(model).start({ variables: { members: ['a', 'chair', 'b'] } });
    const [ta, tChair] = openTaskIds(instance, 'vote');
    instance.send({ type: 'completeUserTask', taskId: ta, variables: { choice: 'final' } });
    expect(instance.incidents()).toEqual([]);
    expect(instance.state.status).toBe('active');
    instance.send({ type: 'completeUserTask', taskId: tChair, variables: { choice: 'final' } });
    expect(instance.incidents()).toEqual([]);
    expect(instance.of('userTaskCancelled')).toHaveLength(1);
    expect(instance.ended?.outcome).toBe('completed');
  });
});

describe('multi-instance call activity (multi-instance.call-activity.bpmn)', () => {
  it('given two teachers, when both children complete, then one child is requested per item and the results are collected per item', async () => {
    const model = await loadModel(import.meta.url, 'multi-instance.call-activity.bpmn');
    const instance = new TestInstance(model).start({ variables: { teachers: ['t1', 't2'] } });
    const requests = instance.of('callActivityStartRequested');
    expect(requests.map((r) => r.variables.teacher)).toEqual(['t1', 't2']);
    instance.send({ type: 'childInstanceEnded', executionId: requests[1].executionId, outcome: 'completed', variables: { route: 'R2' } });
    instance.send({ type: 'childInstanceEnded', executionId: requests[0].executionId, outcome: 'completed', variables: { route: 'R1' } });
    expect(instance.ended?.variables.results).toEqual(['R1', 'R2']);
  });
});
