import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgEngine } from './support/pg-instance.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Tasks on a real PostgreSQL: user, service (set-variables, notify), script, receive, send, manual and plain tasks. */
describe('tasks on PostgreSQL', () => {
  let e: PgEngine;
  beforeAll(async () => {
    e = await PgEngine.boot(here, [
      'tasks.user-task-candidate-groups.bpmn', 'tasks.user-task-assignee-due-date.bpmn', 'tasks.service-task-set-variables.bpmn', 'tasks.service-task-notify.bpmn',
      'tasks.script-task-result.bpmn', 'tasks.receive-send-task-message.bpmn', 'tasks.manual-task-pass-through.bpmn',
    ]);
  });
  afterAll(async () => {
    await e?.close();
  });

  describe('user task', () => {
    test('given candidateGroups, when a teacher of school 1-1 starts, then each task goes to the role holder at the level of the role above her school, and to nobody else', async () => {
      const i = await e.start('tk-candidates');
      const school = await i.task('school-review', 'methodist11');
      expect(school).toMatchObject({ name: 'Рассмотрение методистом ОО', candidateRoles: ['methodist'], orgId: e.f.orgs.school11, assignee: null });
      expect(await i.tasks('methodist12')).toEqual([]);
      expect(await i.tasks('municipal1')).toEqual([]);
      expect(await i.tasks('teacher11')).toEqual([]);
      expect(await e.rows(`SELECT role, org_id FROM task_candidate WHERE task_id = $1`, [school.id])).toEqual([{ role: 'methodist', org_id: e.f.orgs.school11 }]);
      // Someone who is no candidate cannot complete it.
      expect((await i.completeTaskId(school.id, {}, 'methodist12')).status).toBe(404);
      await i.completeTask('school-review', { approved: true }, 'methodist11');

      const mun = await i.task('municipal-review', 'municipal1');
      expect(await e.rows(`SELECT role, org_id FROM task_candidate WHERE task_id = $1`, [mun.id])).toEqual([{ role: 'municipal', org_id: e.f.orgs.mun1 }]);
      expect(await i.tasks('municipal2')).toEqual([]);
      expect(await i.tasks('methodist11')).toEqual([]);
      await i.completeTask('municipal-review', {}, 'municipal1');

      // Two groups: the regional centre and the school methodist both see it; the first to complete wins.
      const centre = await i.task('centre-review', 'centre');
      expect(centre.candidateRoles).toEqual(['centre', 'methodist']);
      expect((await e.rows(`SELECT role, org_id FROM task_candidate WHERE task_id = $1 ORDER BY role`, [centre.id]))).toEqual([
        { role: 'centre', org_id: e.f.orgs.region }, { role: 'methodist', org_id: e.f.orgs.school11 },
      ]);
      expect((await i.task('centre-review', 'methodist11')).id).toBe(centre.id);
      expect(await i.tasks('methodist12')).toEqual([]);
      await i.completeTask('centre-review', {}, 'centre');
      await i.expectEnded();
      expect((await i.historyOf('taskCompleted')).map((h) => h.userId)).toEqual([e.userId('methodist11'), e.userId('municipal1'), e.userId('centre')]);
      expect((await i.variables()).approved).toBe(true);
    });

    test('given the same process started in school 1-2, then its tasks go to the methodist and the municipal service of that school', async () => {
      const i = await e.start('tk-candidates', {}, 'teacher12');
      expect(await i.tasks('methodist11')).toEqual([]);
      await i.completeTask('school-review', {}, 'methodist12');
      expect(await i.tasks('municipal2')).toEqual([]);
      await i.completeTask('municipal-review', {}, 'municipal1');
      expect(await i.active()).toEqual(['centre-review']);
    });

    test('given assignee "=initiator" and a due date in 14 days, then only the starter has the task, it is overdue after 14 days, and only the output mapping leaves the task', async () => {
      const i = await e.start('tk-assignee', { topic: 'Цифровая дидактика' });
      const now = await e.now();
      const [row] = await i.taskRows('own-plan');
      expect(row.assignee).toBe(e.userId('teacher11'));
      expect(row.due_at!.getTime() - now.getTime()).toBe(14 * 86_400_000);
      expect(row.input).toEqual({ theme: 'Цифровая дидактика' });
      const mine = await e.ok('GET', `/api/tasks?processInstanceId=${i.id}&scope=assigned`, undefined, 'teacher11');
      expect(mine.items).toEqual([expect.objectContaining({ elementId: 'own-plan', assignee: e.userId('teacher11'), overdue: false })]);
      expect(new Date(mine.items[0].followUpAt).getTime() - now.getTime()).toBe(10 * 86_400_000);
      expect(await i.tasks('teacher12')).toEqual([]);
      expect(await i.tasks('methodist11')).toEqual([]);
      const detail = await e.ok('GET', `/api/tasks/${row.id}`, undefined, 'teacher11');
      expect(detail.context.variables).toMatchObject({ theme: 'Цифровая дидактика', topic: 'Цифровая дидактика' });

      await e.advance('P15D');
      const overdue = await e.ok('GET', `/api/tasks?processInstanceId=${i.id}&overdue=true`, undefined, 'teacher11');
      expect(overdue.items.map((t: any) => t.id)).toEqual([row.id]);
      await i.completeTask('own-plan', { hours: 36, draft: 'черновик' });
      await i.expectEnded();
      const vars = await i.variables();
      expect(vars).toMatchObject({ credits: 72, topic: 'Цифровая дидактика' });
      expect(vars).not.toHaveProperty('hours');
      expect(vars).not.toHaveProperty('draft');
      expect(vars).not.toHaveProperty('theme');
    });
  });

  describe('service task', () => {
    test('given the set-variables action, when it runs, then its output mappings are computed into the instance variables', async () => {
      const i = await e.start('tk-set-variables', { supportStart: '2027-03-01', directions: ['ИКТ', 'инклюзия'] });
      expect(await i.active()).toEqual(['check']);
      expect(await i.variables()).toMatchObject({ supportEnd: '2028-03-01', mustChoose: true });
      const changed = await i.historyOf('variablesChanged');
      expect(changed.some((h) => h.data.variables?.supportEnd === '2028-03-01')).toBe(true);
      expect(await i.completed()).toContain('compute');
    });

    test('given a bad input for set-variables, when it runs, then an incident names the variable; fixing it and retrying completes the task', async () => {
      const i = await e.start('tk-set-variables', { directions: [] });
      const [inc] = await i.incidents();
      expect(inc).toMatchObject({ elementId: 'compute', message: expect.stringContaining('supportStart') });
      expect(await i.active()).toEqual(['compute']);
      await i.setVariables({ supportStart: '2027-09-01' });
      expect((await i.retry(inc.id)).resolved).toBe(true);
      expect(await i.active()).toEqual(['check']);
      expect(await i.variables()).toMatchObject({ supportEnd: '2028-09-01', mustChoose: false });
      expect(await i.incidents()).toEqual([]);
    });

    test('given the notify action, when it runs, then the named role holders at the instance organisation and the named users are notified, and the process goes on', async () => {
      const i = await e.start('tk-notify', { course: 'Финансовая грамотность' });
      await i.expectEnded();
      const [req] = await i.historyOf('notification-requested', 'tell');
      expect(req.data).toMatchObject({ roles: ['methodist'], users: [e.userId('teacher11')], subject: 'Назначен курс: Финансовая грамотность', body: 'Ознакомьтесь с программой' });
      const subject = 'Назначен курс: Финансовая грамотность';
      for (const who of ['methodist11', 'teacher11']) {
        const list = await e.ok('GET', '/api/notifications?size=100', undefined, who);
        expect(list.items.filter((n: any) => n.subject === subject)).toHaveLength(1);
      }
      for (const who of ['methodist12', 'teacher12']) {
        const list = await e.ok('GET', '/api/notifications?size=100', undefined, who);
        expect(list.items.filter((n: any) => n.subject === subject)).toHaveLength(0);
      }
    });
  });

  describe('script, receive, send, manual and plain tasks', () => {
    test('given a script task, when it runs, then its FEEL result lands in the result variable', async () => {
      const i = await e.start('tk-script', { total: 8, certified: 2 });
      expect(await i.active()).toEqual(['look']);
      expect((await i.variables()).share).toBe(0.25);
    });

    test('given a script over a missing variable, then an incident names it; fixing and retrying runs the script', async () => {
      const i = await e.start('tk-script', { total: 4 });
      const [inc] = await i.incidents();
      expect(inc).toMatchObject({ elementId: 'share', message: expect.stringContaining('certified') });
      await i.setVariables({ certified: 3 });
      await i.retry(inc.id);
      expect(await i.active()).toEqual(['look']);
      expect((await i.variables()).share).toBe(0.75);
    });

    test('given a receive task, when the message with its key is published, then it completes with the payload', async () => {
      const i = await e.start('tk-receive', { curatorId: 'c-1' });
      expect(await i.subscriptions()).toEqual([{ element_id: 'wait-plan', kind: 'message', name: 'plan-ready', correlation_key: 'c-1' }]);
      expect(await e.publish('plan-ready', 'c-2', { link: 'x' })).toBe(0);
      expect(await e.publish('plan-ready', 'c-1', { link: 'https://plans/1' })).toBe(1);
      expect(await i.active()).toEqual(['read-plan']);
      expect((await i.variables()).link).toBe('https://plans/1');
      expect(await i.subscriptions()).toEqual([]);
    });

    test('given a send task, when it runs, then its message reaches the receive task with the same key and carries its input variables', async () => {
      const receiver = await e.start('tk-receive', { curatorId: 'c-7' });
      const sender = await e.start('tk-send', { curatorId: 'c-7', planLink: 'https://plans/7' });
      await sender.expectEnded();
      expect(await sender.completed()).toContain('send-plan');
      expect(await receiver.active()).toEqual(['read-plan']);
      expect((await receiver.variables()).link).toBe('https://plans/7');
      await receiver.completeTask('read-plan');
      await receiver.expectEnded();
    });

    test('given a manual task and a plain task, when reached, then each is activated and completed at once', async () => {
      const i = await e.start('tk-manual');
      await i.expectEnded();
      const h = await i.history();
      for (const id of ['meet', 'note']) {
        expect(h.filter((x) => x.elementId === id).map((x) => x.type)).toEqual(['elementActivated', 'elementCompleted']);
      }
      expect(await i.completed()).toEqual(['start', 'meet', 'note', 'end', 'tk-manual']);
    });
  });
});
