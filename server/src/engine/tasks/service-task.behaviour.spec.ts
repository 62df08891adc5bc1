import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('service task', () => {
  it('given set-variables with FEEL outputs (service-task.set-variables.bpmn), when run, then the outputs are set synchronously', async () => {
    const model = await loadModel(import.meta.url, 'service-task.set-variables.bpmn');
    const instance = new TestInstance(model).start({ variables: { supportStart: '2026-03-02', directions: ['a', 'b'] } });
    expect(instance.ended?.variables).toMatchObject({ supportEnd: '2027-03-02', mustChoose: true });
    expect(instance.of('history').some((h) => h.entry.kind === 'variablesChanged' && 'supportEnd' in h.entry.variables)).toBe(true);
  });

  it('given set-variables whose output reads a missing variable, when run, then an incident is raised and the token stays', async () => {
    const model = await loadModel(import.meta.url, 'service-task.set-variables.bpmn');
    const instance = new TestInstance(model).start({ variables: { supportStart: '2026-03-02' } });
    expect(instance.incidents()).toEqual([expect.stringMatching(/compute: .*directions/)]);
    expect(instance.active()).toEqual(['compute']);
  });

  it('given notify with static and FEEL headers (service-task.notify.bpmn), when run, then a notification is requested', async () => {
    const model = await loadModel(import.meta.url, 'service-task.notify.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacher: 'u-t', teacherName: 'Ivanova', planId: 'P1' } });
    expect(instance.of('notificationRequested')).toEqual([
      {
        type: 'notificationRequested',
        instanceId: 'id1',
        executionId: expect.any(String),
        elementId: 'tell',
        roles: ['school-methodist', 'school-head'],
        users: ['u-t'],
        subject: 'Plan of Ivanova',
        body: 'Please review the plan.',
        data: { planId: 'P1' },
      },
    ]);
    expect(instance.ended?.outcome).toBe('completed');
  });

  describe('given an http action with retries=2 (service-task.http.bpmn)', () => {
    it('when started, then an action job is created with evaluated input and 2 retries; completing it applies the output mapping', async () => {
      const model = await loadModel(import.meta.url, 'service-task.http.bpmn');
      const instance = new TestInstance(model).start({ variables: { programId: 17 } });
      expect(instance.of('jobCreated')).toMatchObject([
        { kind: 'action', actionType: 'http', input: { url: 'https://frdpp.example/programs/17', method: 'GET', retries: '2' }, retries: 2 },
      ]);
      instance.send({ type: 'completeJob', jobId: instance.actionJobId('call'), variables: { response: { status: 200 } } });
      expect(instance.ended?.variables).toEqual({ programId: 17, programStatus: 200 });
    });

    it('when the job fails twice, then a retry is scheduled first, then an incident; retrying the incident creates a fresh job', async () => {
      const model = await loadModel(import.meta.url, 'service-task.http.bpmn');
      const instance = new TestInstance(model).start({ variables: { programId: 17 } });
      const jobId = instance.actionJobId('call');
      instance.send({ type: 'failJob', jobId, message: '503' });
      expect(instance.of('jobRetryScheduled')).toMatchObject([{ jobId, retries: 1 }]);
      instance.send({ type: 'failJob', jobId, message: '503 again' });
      expect(instance.of('incidentRaised')).toMatchObject([{ elementId: 'call', message: '503 again', jobId }]);
      const incidentId = instance.of('incidentRaised')[0].incidentId;
      instance.send({ type: 'retryIncident', incidentId });
      expect(instance.of('incidentResolved')).toHaveLength(1);
      expect(instance.of('jobCreated')).toMatchObject([{ kind: 'action', retries: 2 }]);
    });
  });
});
