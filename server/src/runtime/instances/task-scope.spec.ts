import { loadModel, TestInstance } from '../../engine/testing/engine-test-kit.js';
import { taskScope } from './task-scope.js';

const EVENTS = [
  { topic: 'Смысловое чтение', eventType: 'open-lesson' },
  { topic: 'Функциональная грамотность', eventType: 'round-table' },
];

describe('taskScope: what a task sees from where it waits', () => {
  it('given a task inside a loop over the plan’s events, then it sees its own event, which of how many, and the instance’s variables', async () => {
    const model = await loadModel(import.meta.url, 'task-scope.loop-sub-process.bpmn');
    const instance = new TestInstance(model).start({ variables: { events: EVENTS, teacher: 'Иванова' } });
    const intro = Object.values(instance.state.elements).find((e) => e.elementId === 'intro')!;
    // before the loop: the instance's variables, no item
    expect(taskScope(instance.state, intro.id, model.elements)).toEqual({ variables: { events: EVENTS, teacher: 'Иванова' }, items: [] });

    instance.send({ type: 'completeUserTask', taskId: intro.userTaskId! });
    const prepares = Object.values(instance.state.elements).filter((e) => e.elementId === 'prepare');
    expect(prepares).toHaveLength(2);
    const seen = prepares.map((p) => taskScope(instance.state, p.id, model.elements)).sort((a, b) => a.items[0].index - b.items[0].index);
    expect(seen[1].items).toEqual([{ element: 'event', collection: 'events', index: 1, total: 2, value: EVENTS[1] }]);
    expect(seen[1].variables).toMatchObject({ event: EVENTS[1], loopCounter: 2, teacher: 'Иванова' });
    expect(seen[0].variables.event).toEqual(EVENTS[0]);
  });

  it('given an execution the state no longer holds, then the instance’s variables and no item', async () => {
    const model = await loadModel(import.meta.url, 'task-scope.loop-sub-process.bpmn');
    const instance = new TestInstance(model).start({ variables: { events: [], teacher: 'Иванова' } });
    expect(taskScope(instance.state, 'gone', model.elements)).toEqual({ variables: { events: [], teacher: 'Иванова' }, items: [] });
    expect(taskScope(null, 'gone', model.elements)).toEqual({ variables: {}, items: [] });
  });
});
