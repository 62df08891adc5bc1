import { nextTimerFiring } from '../timers/timer-spec.js';
import { loadModel, TestInstance, weekdays } from '../testing/engine-test-kit.js';

describe('start event', () => {
  it('given a none start with an output mapping, when an instance starts with variables, then they land at the root and the first task is created', async () => {
    const model = await loadModel(import.meta.url, 'start-event.none.bpmn');
    const instance = new TestInstance(model).start({ variables: { topic: 'math' }, businessKey: 'T-1', initiator: 'u1' });
    expect(instance.variables).toEqual({ topic: 'math', topicCode: 'MATH' });
    expect(instance.state).toMatchObject({ businessKey: 'T-1', initiator: 'u1', status: 'active' });
    expect(instance.of('userTaskCreated')).toMatchObject([{ elementId: 'choose', name: 'Choose directions' }]);
    const history = instance.of('history').map((h) => h.entry.kind);
    expect(history.slice(0, 2)).toEqual(['instanceStarted', 'elementActivated']);
    expect(instance.of('history').every((h) => h.at === '2026-03-02T09:00:00.000Z')).toBe(true);
  });

  it('given a message start and a none start, when started at the message start, then the token follows the message path', async () => {
    const model = await loadModel(import.meta.url, 'start-event.message.bpmn');
    expect(model.startEvents).toEqual([
      { elementId: 'manual', kind: 'none' },
      { elementId: 'byMessage', kind: 'message', messageName: 'course-finished' },
    ]);
    const instance = new TestInstance(model).start({ startEventId: 'byMessage', variables: { teacherId: 't1' } });
    expect(instance.active()).toEqual(['auto']);
    expect(new TestInstance(model).start().active()).toEqual(['byHand']);
  });

  it('given a timer start cycle R2/start/P1Y, when the scheduler asks for firings, then they follow the tenant wall clock and stop after two', async () => {
    const model = await loadModel(import.meta.url, 'start-event.timer.bpmn');
    const start = model.startEvents[0];
    if (start.kind !== 'timer') throw new Error('expected a timer start');
    const first = nextTimerFiring(start.timer, new Date('2026-01-01T00:00:00Z'), 'Asia/Kamchatka', weekdays, 0);
    expect(first?.toISOString()).toBe('2026-05-31T21:00:00.000Z');
    const second = nextTimerFiring(start.timer, first!, 'Asia/Kamchatka', weekdays, 1);
    expect(second?.toISOString()).toBe('2027-05-31T21:00:00.000Z');
    expect(nextTimerFiring(start.timer, second!, 'Asia/Kamchatka', weekdays, 2)).toBeNull();
    const instance = new TestInstance(model).start({ startEventId: 'yearly' });
    expect(instance.active()).toEqual(['report']);
  });
});
