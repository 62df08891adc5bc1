import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgEngine } from './support/pg-instance.js';
import type { PgInstance } from './support/pg-instance.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Containers on a real PostgreSQL: embedded and event sub-processes, call activities, multi-instance. */
describe('containers on PostgreSQL', () => {
  let e: PgEngine;
  beforeAll(async () => {
    e = await PgEngine.boot(here, [
      'containers.sub-process-scope.bpmn', 'containers.event-sub-process-message-interrupting.bpmn', 'containers.event-sub-process-message-non-interrupting.bpmn',
      'containers.event-sub-process-timer.bpmn', 'containers.event-sub-process-error.bpmn', 'containers.call-activity-child.bpmn', 'containers.call-activity-parent.bpmn',
      'containers.multi-instance-user-task.bpmn', 'containers.multi-instance-sub-process.bpmn', 'containers.multi-instance-call-activity.bpmn',
    ]);
  });
  afterAll(async () => {
    await e?.close();
  });

  /** The only called instance of a parent. */
  async function onlyChild(parent: PgInstance): Promise<PgInstance> {
    const children = await parent.children();
    expect(children).toHaveLength(1);
    return children[0];
  }

  describe('embedded sub-process', () => {
    test('given a sub-process with input and output mappings, when its tasks complete, then its local variable stays inside and only the output leaves', async () => {
      const i = await e.start('ct-subprocess', { teacherName: 'Петрова' });
      expect(await i.active()).toEqual(['internship', 'practice']);
      expect(await i.variables()).not.toHaveProperty('intern');
      const practice = await i.task('practice');
      const detail = await e.ok('GET', `/api/tasks/${practice.id}`, undefined, 'teacher11');
      // the task waits inside the sub-process: its form sees the local variable there (the instance's variables above do not hold it)
      expect(detail.context.variables).toHaveProperty('intern', 'Петрова');
      await i.completeTask('practice');
      expect(await i.active()).toEqual(['assess', 'internship']);
      await i.completeTask('assess', { grade: 'отлично' }, 'methodist11');
      expect(await i.active()).toEqual(['summary']);
      const vars = await i.variables();
      expect(vars).toMatchObject({ internshipResult: 'Петрова: отлично', mark: 'отлично' });
      expect(vars).not.toHaveProperty('intern');
      expect(vars).not.toHaveProperty('grade');
      expect(await i.completed()).toEqual(['start', 'i-start', 'practice', 'assess', 'i-end', 'internship']);
      expect(await i.jobs()).toEqual([]);
    });

    test('given the sub-process runs past its 60-day boundary, then the timer terminates it with its inner task', async () => {
      const i = await e.start('ct-subprocess', { teacherName: 'Сидорова' });
      await e.advance('P61D');
      await i.expectEnded();
      expect(await i.terminated()).toEqual(['practice', 'internship']);
      expect(await i.completed()).toEqual(expect.arrayContaining(['too-long', 'end-aborted']));
      expect(await i.tasks('teacher11')).toEqual([]);
    });
  });

  describe('event sub-processes', () => {
    test('given an interrupting message event sub-process, when the message comes, then every other token is terminated and only the sub-process runs', async () => {
      const i = await e.start('ct-esp-interrupting', { teacherId: 'esp-1' });
      expect(await i.active()).toEqual(['observe', 'work']);
      expect(await i.subscriptions()).toEqual([expect.objectContaining({ element_id: 'withdrawn', name: 'route-withdrawn', correlation_key: 'esp-1' })]);
      expect(await e.publish('route-withdrawn', 'esp-1', { reason: 'переезд' })).toBe(1);
      expect(await i.tokens()).toEqual({ withdraw: 1, close: 1 });
      expect(await i.terminated()).toEqual(expect.arrayContaining(['work', 'observe']));
      expect(await i.tasks('teacher11')).toEqual([]);
      expect((await i.variables()).reason).toBe('переезд');
      expect(await i.subscriptions()).toEqual([]);
      await i.completeTask('close', {}, 'methodist11');
      await i.expectEnded();
      expect(await i.completed()).not.toContain('end');
    });

    test('given a non-interrupting message event sub-process, when two remarks come, then two answers open beside the main task and the instance ends after all of them', async () => {
      const i = await e.start('ct-esp-non-interrupting', { teacherId: 'esp-2' });
      expect(await e.publish('route-remark', 'esp-2')).toBe(1);
      expect(await e.publish('route-remark', 'esp-2')).toBe(1);
      expect(await i.tokens()).toEqual({ work: 1, remark: 2, answer: 2 });
      await i.completeTask('work');
      // The main path ended, the remarks are still open: the instance waits for them.
      expect(await i.state()).toBe('active');
      expect(await i.tokens()).toEqual({ remark: 2, answer: 2 });
      for (const t of await i.tasks()) expect((await i.completeTaskId(t.id, {}, 'teacher11')).status).toBe(200);
      await i.expectEnded();
    });

    test('given a non-interrupting R2/P10D timer and an interrupting P30D timer event sub-process, then two checks run beside the task, then the deadline interrupts it', async () => {
      const i = await e.start('ct-esp-timer');
      expect((await i.jobs()).map((j) => j.element_id)).toEqual(['every-10-days', 'after-30-days']);
      await e.advance('P25D');
      expect(await i.activations('check')).toBe(2);
      expect(await i.active()).toEqual(['work']);
      await e.advance('P6D');
      expect(await i.tokens()).toEqual({ deadline: 1, review: 1 });
      expect(await i.terminated()).toContain('work');
      expect(await i.jobs()).toEqual([]);
      await i.completeTask('review', {}, 'methodist11');
      await i.expectEnded();
    });

    test('given the task is done before any timer, then the event sub-process timers leave with the instance', async () => {
      const i = await e.start('ct-esp-timer');
      await i.completeTask('work');
      await i.expectEnded();
      await e.advance('P31D');
      expect(await i.activations('check')).toBe(0);
    });

    test('given an error event sub-process, when an error end event is reached, then it catches the error and runs', async () => {
      const i = await e.start('ct-esp-error');
      await i.completeTask('decide', { approved: false }, 'methodist11');
      expect(await i.tokens()).toEqual({ 'on-rejected': 1, explain: 1 });
      expect(await i.incidents()).toEqual([]);
      await i.completeTask('explain');
      await i.expectEnded();
      expect(await i.completed()).toContain('e-end');

      const ok = await e.start('ct-esp-error');
      await ok.completeTask('decide', { approved: true }, 'methodist11');
      await ok.expectEnded();
      expect(await ok.activations('on-rejected')).toBe(0);
    });
  });

  describe('call activity', () => {
    test('given a call activity, then the child gets the parent variables and the inputs; when the child ends, the parent continues with only the outputs', async () => {
      const parent = await e.start('ct-call-parent', { teacher: { id: 'T-1', name: 'Иванова' }, deficits: ['ИКТ'] });
      expect(await parent.active()).toEqual(['iom']);
      const child = await onlyChild(parent);
      const cv = await child.get();
      expect(cv).toMatchObject({ processKey: 'ct-call-child', parentInstanceId: parent.id, rootInstanceId: parent.id, orgId: e.f.orgs.school11, state: 'active' });
      expect(cv.variables).toMatchObject({ teacherId: 'T-1', deficits: ['ИКТ'], teacher: { id: 'T-1', name: 'Иванова' } });
      // The child's task goes to the teacher of the parent's school.
      await child.completeTask('compose', { route: 'маршрут по ИКТ', draftNotes: 'черновик' });
      expect(await child.active()).toEqual(['wait-check']);
      expect(await parent.active()).toEqual(['iom']);
      await e.advance('P7D');
      await child.expectEnded();
      expect(await parent.active()).toEqual(['approve']);
      const pv = await parent.variables();
      expect(pv.iomRoute).toBe('маршрут по ИКТ');
      expect(pv).not.toHaveProperty('route');
      expect(pv).not.toHaveProperty('draftNotes');
      expect(pv).not.toHaveProperty('teacherId');
      await parent.completeTask('approve', {}, 'methodist11');
      await parent.expectEnded();
    });

    test('given a waiting child, when the parent is cancelled, then the child is terminated and neither keeps runtime rows', async () => {
      const parent = await e.start('ct-call-parent', { teacher: { id: 'T-2' }, deficits: ['ИКТ'] });
      const child = await onlyChild(parent);
      await child.completeTask('compose', { route: 'r' });
      expect((await child.jobs()).map((j) => j.element_id)).toEqual(['wait-check']);
      const cancelled = await parent.cancel('teacher11');
      expect(cancelled.state).toBe('terminated');
      await parent.expectEnded('terminated');
      await child.expectEnded('terminated');
      expect(await child.terminated()).toContain('wait-check');
      await e.advance('P8D');
      expect(await child.activations('end')).toBe(0);
      expect(await parent.activations('approve')).toBe(0);
    });

    test('given the child ends with a BPMN error, then the error boundary on the call activity catches it', async () => {
      const parent = await e.start('ct-call-parent', { teacher: { id: 'T-3' }, deficits: [] });
      const child = await onlyChild(parent);
      await child.expectEnded('terminated');
      expect((await child.historyOf('instanceEnded'))[0].data).toMatchObject({ outcome: 'error' });
      expect(await parent.active()).toEqual(['close']);
      expect(await parent.terminated()).toContain('iom');
      expect(await parent.completed()).toContain('no-deficits');
      expect(await parent.incidents()).toEqual([]);
      await parent.completeTask('close', {}, 'methodist11');
      await parent.expectEnded();
    });
  });

  describe('multi-instance', () => {
    test('given a parallel user task over three experts, then each expert alone has a task, and the verdicts are collected in item order', async () => {
      const experts = ['methodist11', 'municipal1', 'centre'];
      const i = await e.start('ct-mi-user-parallel', { experts });
      const rows = await i.taskRows('review');
      expect(rows.map((r) => r.assignee).sort()).toEqual(experts.map((u) => e.userId(u)).sort());
      expect(await i.tasks('methodist12')).toEqual([]);
      for (const who of experts) expect((await i.tasks(who)).map((t) => t.elementId)).toEqual(['review']);
      await i.completeTask('review', { verdict: 'доработать' }, 'centre');
      await i.completeTask('review', { verdict: 'одобрить' }, 'methodist11');
      expect(await i.active()).toEqual(['review']);
      await i.completeTask('review', { verdict: 'одобрить' }, 'municipal1');
      expect(await i.active()).toEqual(['decide']);
      expect((await i.variables()).verdicts).toEqual(['одобрить', 'одобрить', 'доработать']);
    });

    test('given an empty collection, then the multi-instance activity completes at once with an empty output', async () => {
      const i = await e.start('ct-mi-user-parallel', { experts: [] });
      expect(await i.active()).toEqual(['decide']);
      expect((await i.variables()).verdicts).toEqual([]);
    });

    test('given a sequential user task over two signers, then one task at a time goes to each in turn', async () => {
      const i = await e.start('ct-mi-user-sequential', { signers: ['teacher11', 'methodist11'] });
      expect((await i.taskRows()).map((r) => r.assignee)).toEqual([e.userId('teacher11')]);
      expect(await i.tasks('methodist11')).toEqual([]);
      await i.completeTask('sign');
      expect((await i.taskRows()).map((r) => r.assignee)).toEqual([e.userId('methodist11')]);
      await i.completeTask('sign', {}, 'methodist11');
      await i.expectEnded();
      expect((await i.variables()).signatures).toEqual(['teacher11#1', 'methodist11#2']);
    });

    test('given a sequential sub-process over modules with a completion condition on the item variable, then modules run one by one and the condition stops the rest', async () => {
      const i = await e.start('ct-mi-subprocess', { moduleList: ['Модуль А', 'Модуль Б', 'Модуль В'], lastModule: 'Модуль Б' });
      expect(await i.tokens()).toEqual({ modules: 2, study: 1 });
      await i.completeTask('study');
      expect(await i.tokens()).toEqual({ modules: 2, study: 1 });
      // The script's result stays in the item (input-mapped local), only the output collection leaves.
      expect(await i.variables()).not.toHaveProperty('result');
      await i.completeTask('study');
      await i.expectEnded();
      expect((await i.variables()).results).toEqual(['Модуль А: 1', 'Модуль Б: 2', null]);
      expect(await i.activations('study')).toBe(2);
    });

    test('given a parallel call activity over three schools with a quorum of two, when two reports are in, then the third child is terminated and the monitoring goes on', async () => {
      const schools = ['Школа 1', 'Школа 2', 'Школа 3'];
      const parent = await e.start('ct-mi-call', { schools, quorum: 2 }, 'methodist11');
      const children = await parent.children();
      expect(children).toHaveLength(3);
      const bySchool = new Map<string, PgInstance>();
      for (const c of children) bySchool.set((await c.variables()).school, c);
      expect([...bySchool.keys()].sort()).toEqual(schools);
      await bySchool.get('Школа 3')!.completeTask('fill', { summary: 'всё в порядке' }, 'methodist11');
      expect(await parent.active()).toEqual(['collect']);
      await bySchool.get('Школа 1')!.completeTask('fill', { summary: 'нужна помощь' }, 'methodist11');
      expect(await parent.active()).toEqual(['analyse']);
      expect((await parent.variables()).reports).toEqual(['Школа 1: нужна помощь', null, 'Школа 3: всё в порядке']);
      await bySchool.get('Школа 2')!.expectEnded('terminated');
      expect((await bySchool.get('Школа 2')!.terminated())).toContain('fill');
      expect(await parent.activations('analyse')).toBe(1);
      expect(await parent.incidents()).toEqual([]);
    });
  });

  describe('concurrency (separate connections)', () => {
    test('given a parallel user task over four people, when all complete at the same moment, then the body completes exactly once with every verdict', async () => {
      const experts = ['teacher11', 'methodist11', 'municipal1', 'centre'];
      for (let round = 0; round < 3; round++) {
        const i = await e.start('ct-mi-user-parallel', { experts });
        const tasks = await Promise.all(experts.map(async (who) => [who, (await i.task('review', who)).id] as const));
        const answers = await Promise.all(tasks.map(([who, id]) => i.completeTaskId(id, { verdict: `${who}:${round}` }, who)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
        expect(await i.tokens()).toEqual({ decide: 1 });
        expect((await i.variables()).verdicts).toEqual(experts.map((w) => `${w}:${round}`));
        expect(await i.activations('decide')).toBe(1);
        expect((await i.historyOf('elementCompleted', 'review')).filter((h) => h.elementType === 'multiInstanceBody')).toHaveLength(1);
      }
    });

    test('given three called children and a quorum of two, when all three reports are submitted at once, then the body completes exactly once', async () => {
      for (let round = 0; round < 3; round++) {
        const parent = await e.start('ct-mi-call', { schools: ['А', 'Б', 'В'], quorum: 2 }, 'methodist11');
        const children = await parent.children();
        const tasks = await Promise.all(children.map(async (c) => (await c.task('fill', 'methodist11')).id));
        const answers = await Promise.all(tasks.map((id) => e.call('POST', `/api/tasks/${id}/complete`, { variables: { summary: 'ок' } }, 'methodist11')));
        const statuses = answers.map((a) => a.status).sort();
        // The third completion either came first enough to count, or found its child already terminated.
        expect([[200, 200, 200], [200, 200, 409]]).toContainEqual(statuses);
        expect(await parent.tokens()).toEqual({ analyse: 1 });
        expect(await parent.activations('analyse')).toBe(1);
        const reports = (await parent.variables()).reports as (string | null)[];
        expect(reports.filter((r) => r !== null).length).toBeGreaterThanOrEqual(2);
        for (const c of children) expect(['completed', 'terminated']).toContain(await c.state());
        expect(await e.rows(`SELECT id FROM user_task WHERE instance_id = ANY($1::uuid[])`, [children.map((c) => c.id)])).toEqual([]);
      }
    });
  });
});
