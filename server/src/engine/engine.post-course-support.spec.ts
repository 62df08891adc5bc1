import { loadModel, TestInstance } from './testing/engine-test-kit.js';

// Seed 000 (a post-course support regulation) as one diagram: a walk through most behaviours together.
describe('post-course support regulation (engine.post-course-support.bpmn)', () => {
  it('given a teacher with difficulties, when every stage is done, then the route goes school → municipality → ЦНППМ ИОМ and completes', async () => {
    const model = await loadModel(import.meta.url, 'engine.post-course-support.bpmn');
    expect(model.candidateGroups.sort()).toEqual(['municipal-methodist', 'school-methodist', 'teacher']);
    expect(model.formIds).toEqual(['choose-directions']);
    const instance = new TestInstance(model, { now: '2026-09-01T00:00:00Z' }).start({ variables: { teacherId: 'u-teacher' } });
    expect(instance.of('userTaskCreated')).toMatchObject([{ elementId: 'chooseDirections', assignee: 'u-teacher', dueAt: '2026-09-14T12:00:00.000Z' }]);

    instance.completeTask('chooseDirections', { directions: ['assessment', 'digital'] });
    expect(instance.of('jobCreated')).toMatchObject([{ elementId: 'remindSchool', dueAt: '2026-10-01T00:00:00.000Z' }]);
    instance.completeTask('interview');
    expect(instance.of('userTaskCreated').map((t) => t.variables.direction)).toEqual(['assessment', 'digital']);
    instance.fire('remindSchool');
    expect(instance.of('notificationRequested')).toMatchObject([{ roles: ['school-head'] }]);
    instance.completeTask('openEvent', { link: 'https://school/1' });
    instance.completeTask('openEvent', { link: 'https://school/2' });
    instance.completeTask('reflection');
    expect(instance.of('jobRemoved')).toHaveLength(1); // the second reminder was still pending
    expect(instance.active()).toEqual(['municipalVisit']);
    instance.completeTask('municipalVisit', { hasDifficulties: true });
    const call = instance.of('callActivityStartRequested')[0];
    expect(call).toMatchObject({ processKey: 'iomRoute', variables: { teacherId: 'u-teacher', eventLinks: ['https://school/1', 'https://school/2'] } });
    instance.send({ type: 'childInstanceEnded', executionId: call.executionId, outcome: 'completed', variables: { iomApproved: true } });
    expect(instance.ended).toMatchObject({ outcome: 'completed', variables: { iomApproved: true, hasDifficulties: true } });
    expect(instance.of('subscriptionClosed')).toHaveLength(1);
  });

  it('given support in progress, when it is withdrawn, then every open task is cancelled and the instance completes', async () => {
    const model = await loadModel(import.meta.url, 'engine.post-course-support.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 'u-teacher' } });
    instance.completeTask('chooseDirections', { directions: ['assessment'] });
    instance.trigger('withdrawStart');
    expect(instance.of('userTaskCancelled')).toHaveLength(1);
    expect(instance.of('jobRemoved')).toHaveLength(1);
    expect(instance.ended?.outcome).toBe('completed');
  });
});
