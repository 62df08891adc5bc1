import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('boundary event', () => {
  describe('given a task with a non-interrupting R3/P7D reminder and an interrupting P30D deadline (boundary-event.timer.bpmn)', () => {
    it('when the reminder fires, then it schedules the next firing in the same command, notifies, and the task stays; after 3 firings it stops', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.timer.bpmn');
      const instance = new TestInstance(model, { now: '2026-03-02T09:00:00Z' }).start({ variables: { teacher: 'u-teacher' } });
      expect(instance.of('jobCreated').map((j) => [j.elementId, j.dueAt])).toEqual([
        ['remind', '2026-03-09T09:00:00.000Z'],
        ['overdue', '2026-04-01T09:00:00.000Z'],
      ]);
      instance.fire('remind');
      expect(instance.of('jobCreated')).toMatchObject([{ elementId: 'remind', dueAt: '2026-03-16T09:00:00.000Z' }]);
      expect(instance.of('notificationRequested')).toMatchObject([{ users: ['u-teacher'], subject: 'Reminder', body: 'The plan is due' }]);
      expect(instance.active()).toEqual(['plan']);
      instance.fire('remind');
      instance.fire('remind');
      expect(instance.of('jobCreated')).toEqual([]);
      expect(instance.all.filter((e) => e.type === 'notificationRequested')).toHaveLength(3);
      expect(instance.active()).toEqual(['plan']);
    });

    it('when the deadline fires, then the task is cancelled, the reminder job removed, and the escalation path taken', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.timer.bpmn');
      const instance = new TestInstance(model).start({ variables: { teacher: 'u' } });
      const taskId = instance.taskId('plan');
      const reminderJob = instance.timerJob('remind').id;
      instance.fire('overdue');
      expect(instance.of('userTaskCancelled')).toMatchObject([{ taskId }]);
      expect(instance.of('jobRemoved').map((e) => e.jobId)).toContain(reminderJob);
      expect(instance.active()).toEqual(['escalated']);
      expect(instance.state.jobs).toEqual({});
    });

    it('when the task is completed first, then both timers are removed', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.timer.bpmn');
      const instance = new TestInstance(model).start({ variables: { teacher: 'u' } });
      instance.completeTask('plan');
      expect(instance.of('jobRemoved')).toHaveLength(2);
      expect(instance.ended?.outcome).toBe('completed');
    });
  });

  describe('given a sub-process with an interrupting message and a non-interrupting signal boundary (boundary-event.message.bpmn)', () => {
    it('when the signal arrives, then a parallel path starts and the sub-process keeps running', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.message.bpmn');
      const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
      instance.trigger('changed');
      expect(instance.active()).toEqual(['lesson', 'review', 'support', 'visit']);
      // a non-interrupting subscription stays open for the next signal
      expect(instance.subscriptionId('changed')).toBeDefined();
    });

    it('when the message arrives, then every task inside is cancelled, the join forgotten, and the boundary path taken', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.message.bpmn');
      const instance = new TestInstance(model).start({ variables: { teacherId: 't1' } });
      instance.completeTask('lesson');
      expect(Object.keys(instance.state.joins)).toHaveLength(1);
      instance.trigger('cancelled', { reason: 'moved' });
      expect(instance.of('userTaskCancelled')).toHaveLength(1);
      expect(instance.of('subscriptionClosed')).toHaveLength(2);
      expect(instance.active()).toEqual(['archive']);
      expect(instance.state.joins).toEqual({});
      expect(instance.variables.reason).toBe('moved');
    });
  });

  describe('given a sub-process with an error boundary and a non-interrupting escalation boundary (boundary-event.error.bpmn)', () => {
    it('when an error end event is reached inside, then the boundary catches it and the escalation path also ran', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.error.bpmn');
      const instance = new TestInstance(model).start({ variables: { docs: 0 } });
      expect(instance.active()).toEqual(['askDocs', 'lateNote']);
      expect(instance.incidents()).toEqual([]);
    });

    it('when an async action job throws the BPMN error, then the same boundary catches it', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.error.bpmn');
      const instance = new TestInstance(model).start({ variables: { docs: 2 } });
      expect(instance.of('jobCreated')).toMatchObject([{ kind: 'action', actionType: 'http', input: { url: 'https://registry.example/docs' }, retries: 3 }]);
      instance.send({ type: 'throwJobError', jobId: instance.actionJobId('fetch'), errorCode: 'NO_DOCS' });
      expect(instance.active()).toEqual(['askDocs', 'lateNote']);
    });

    it('when a job throws an error nobody catches, then an incident is raised', async () => {
      const model = await loadModel(import.meta.url, 'boundary-event.error.bpmn');
      const instance = new TestInstance(model).start({ variables: { docs: 2 } });
      instance.send({ type: 'throwJobError', jobId: instance.actionJobId('fetch'), errorCode: 'OTHER' });
      expect(instance.incidents()).toEqual([expect.stringMatching(/fetch: unhandled BPMN error 'OTHER'/)]);
    });
  });
});

describe('error boundary selection (boundary-event.error-specific.bpmn)', () => {
  it.each([
    ['LATE', 'specific'],
    ['OTHER', 'generic'],
  ])('given a catch-all and a LATE boundary, when the job throws %s, then %s handles it', async (errorCode, expected) => {
    const model = await loadModel(import.meta.url, 'boundary-event.error-specific.bpmn');
    const instance = new TestInstance(model).start();
    instance.send({ type: 'throwJobError', jobId: instance.actionJobId('fetch'), errorCode, variables: { reason: 'x' } });
    expect(instance.active()).toEqual([expected]);
    expect(instance.variables.reason).toBe('x');
  });
});
