import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('event sub-process', () => {
  it('given an interrupting message event sub-process, when the message arrives, then every token of the scope ends (tasks cancelled, join forgotten) and the handler runs to the end of the instance', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.message-interrupting.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
    expect(instance.of('subscriptionOpened')).toMatchObject([{ elementId: 'withdrawStart', correlationKey: 't1', interrupting: true }]);
    instance.completeTask('a');
    instance.trigger('withdrawStart', { reason: 'left school' });
    expect(instance.of('userTaskCancelled')).toHaveLength(1);
    expect(instance.active()).toEqual(['archive', 'onWithdraw']);
    expect(instance.state.joins).toEqual({});
    instance.completeTask('archive');
    expect(instance.ended).toMatchObject({ outcome: 'completed', variables: { teacherId: 't1', reason: 'left school' } });
  });

  it('given a non-interrupting cron timer event sub-process (1 June and 1 October, 09:00 local), when it fires, then a report task starts beside the work and the next firing is scheduled', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.timer-non-interrupting.bpmn');
    const instance = new TestInstance(model, { now: '2026-03-02T00:00:00Z' }).start();
    expect(instance.timerJob('reportDue').dueAt).toBe('2026-05-31T21:00:00.000Z');
    instance.fire('reportDue');
    expect(instance.active()).toEqual(['halfYear', 'report', 'work']);
    expect(instance.timerJob('reportDue').dueAt).toBe('2026-09-30T21:00:00.000Z');
    instance.completeTask('report');
    instance.completeTask('work');
    expect(instance.ended?.outcome).toBe('completed');
    expect(instance.of('jobRemoved')).toHaveLength(1);
  });

  it('given an error thrown inside a sub-process and an error event sub-process at process level, when thrown, then the sub-process is interrupted and the handler runs', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.error.bpmn');
    const instance = new TestInstance(model).start();
    instance.completeTask('decide');
    expect(instance.active()).toEqual(['explain', 'onError']);
    instance.completeTask('explain');
    expect(instance.ended?.outcome).toBe('completed');
  });
});

describe('non-interrupting event sub-processes (event-sub-process.non-interrupting-message.bpmn)', () => {
  it('given message and signal starts, when each arrives (the message twice), then handlers run beside the work and the subscriptions stay open', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.non-interrupting-message.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
    instance.trigger('consultStart', { topic: 'x' });
    instance.trigger('consultStart', { topic: 'y' });
    instance.trigger('changedStart');
    expect(instance.active()).toEqual(['changed', 'consult', 'consult', 'consultation', 'consultation', 'reread', 'work']);
    expect(Object.keys(instance.state.subscriptions)).toHaveLength(2);
  });

  it('given an escalation event sub-process, when the escalation is thrown, then the handler starts and the thrower continues', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.non-interrupting-message.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
    instance.completeTask('work');
    expect(instance.active()).toEqual(['finish', 'help', 'helpTask']);
  });

  it('given running handlers, when the main path ends, then the instance waits for them, then completes and closes the subscriptions', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.non-interrupting-message.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
    instance.trigger('consultStart');
    instance.completeTask('work');
    instance.completeTask('finish');
    instance.completeTask('helpTask');
    expect(instance.state.status).toBe('active');
    instance.completeTask('consultation');
    expect(instance.ended?.outcome).toBe('completed');
    expect(instance.of('subscriptionClosed')).toHaveLength(2);
  });
});

describe('event sub-process subscription failure (event-sub-process.message-interrupting.bpmn)', () => {
  it('given the correlation key variable is missing at start, when the instance starts, then an incident is raised on the instance and a retry starts it', async () => {
    const model = await loadModel(import.meta.url, 'event-sub-process.message-interrupting.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.of('incidentRaised')).toMatchObject([{ elementId: 'p', message: expect.stringMatching(/teacherId/) }]);
    expect(instance.active()).toEqual([]);
    instance.send({ type: 'setVariables', variables: { teacherId: 't9' } });
    instance.send({ type: 'retryIncident', incidentId: instance.of('incidentRaised')[0]?.incidentId ?? Object.keys(instance.state.incidents)[0] });
    expect(instance.of('subscriptionOpened')).toMatchObject([{ correlationKey: 't9' }]);
    expect(instance.active()).toEqual(['a', 'b']);
  });
});
