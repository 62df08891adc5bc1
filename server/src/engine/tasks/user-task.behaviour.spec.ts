import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('user task', () => {
  describe('given assignment, schedule, form and mappings (user-task.assignment.bpmn)', () => {
    it('when activated, then the task effect carries evaluated assignee, role keys, users, due/follow-up instants, form and local inputs', async () => {
      const model = await loadModel(import.meta.url, 'user-task.assignment.bpmn');
      // Friday 6 March 2026 in Kamchatka; +3 working days = Wednesday 11 March, midnight local
      const instance = new TestInstance(model, { now: '2026-03-06T01:00:00Z' }).start({
        variables: { mentor: 'u-mentor', initiator: 'u-teacher', topic: 'math' },
      });
      expect(instance.of('userTaskCreated')).toEqual([
        {
          type: 'userTaskCreated',
          instanceId: 'id1',
          taskId: expect.any(String),
          elementId: 'interview',
          name: 'Interview the teacher',
          executionId: expect.any(String),
          candidateGroups: ['school-methodist', 'school-head'],
          candidateUsers: ['u-teacher', 'u-deputy'],
          assignee: 'u-mentor',
          dueAt: '2026-03-10T12:00:00.000Z',
          followUpAt: '2026-05-31T22:00:00.000Z',
          formId: 'interview-form',
          variables: { subject: 'math' },
        },
      ]);
    });

    it('when completed with variables, then the output mapping decides what reaches the instance and history names the user', async () => {
      const model = await loadModel(import.meta.url, 'user-task.assignment.bpmn');
      const instance = new TestInstance(model).start({ variables: { mentor: 'm', initiator: 'i', topic: 'math' } });
      const taskId = instance.taskId('interview');
      instance.completeTask('interview', { score: 4 });
      expect(instance.of('userTaskCompleted')).toMatchObject([{ taskId, userId: 'tester', variables: { score: 4 } }]);
      expect(instance.ended?.variables).toEqual({ mentor: 'm', initiator: 'i', topic: 'math', points: 40 });
      expect(instance.of('history').some((h) => h.entry.kind === 'taskCompleted' && h.entry.userId === 'tester')).toBe(true);
    });

    it('when the assignee variable is missing, then an incident names it and no task is created; a retry after setting it creates the task', async () => {
      const model = await loadModel(import.meta.url, 'user-task.assignment.bpmn');
      const instance = new TestInstance(model).start({ variables: { initiator: 'i', topic: 'math' } });
      expect(instance.of('userTaskCreated')).toEqual([]);
      expect(instance.incidents()).toEqual([expect.stringMatching(/interview: .*mentor/)]);
      const incidentId = Object.keys(instance.state.incidents)[0];
      instance.send({ type: 'setVariables', variables: { mentor: 'm2' } });
      instance.send({ type: 'retryIncident', incidentId });
      expect(instance.of('userTaskCreated')).toMatchObject([{ assignee: 'm2' }]);
    });
  });

  describe('given a task without extensions (user-task.plain.bpmn)', () => {
    it('when completed with variables, then they propagate to the instance root', async () => {
      const model = await loadModel(import.meta.url, 'user-task.plain.bpmn');
      const instance = new TestInstance(model).start();
      expect(instance.of('userTaskCreated')).toMatchObject([{ candidateGroups: [], candidateUsers: [], assignee: undefined }]);
      instance.completeTask('plan', { items: ['open lesson'] });
      expect(instance.ended?.variables).toEqual({ items: ['open lesson'] });
    });

    it('when an unknown task id is completed, then the command is refused and nothing changes', async () => {
      const model = await loadModel(import.meta.url, 'user-task.plain.bpmn');
      const instance = new TestInstance(model).start();
      const before = JSON.stringify(instance.state);
      expect(() => instance.send({ type: 'completeUserTask', taskId: 'nope' })).toThrow(/not active/);
      expect(JSON.stringify(instance.state)).toBe(before);
    });
  });
});
