import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (n: string) => ({ name: n, content: fs.readFileSync(path.join(here, n), 'utf8') });

/** The fixture variant, with who may start the route and a profile field FEEL's `subject` carries. */
const VARIANT = {
  ...FIXTURE_VARIANT,
  processes: { 'case-route': { startRoles: ['teacher', 'methodist', 'municipal'] }, 'case-campaign': { startRoles: ['municipal'] } },
  profileFields: [{ key: 'position', name: 'Должность', type: 'text' }],
};

describe('the subject of a route: who it is about, their steps, their inbox rows, their list', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Pool;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let foreignUser = '';

  const user = async (username: string, fullName: string, memberships: { orgId: string; role: string }[], profile?: Record<string, unknown>) => {
    const u = await ok(s, 'POST', '/api/users', { tenant: f.tenantKey, username, password: 'password-123', fullName, memberships, profile }, f.superToken);
    ids[username] = u.id;
    tok[username] = await s.login(username, 'password-123');
  };
  const start = (who: string, body: Record<string, unknown>) => s.call<any>('POST', '/api/process-instances', body, tok[who]);
  const inbox = async (who: string, query = '') => ok<{ items: any[]; total: number }>(s, 'GET', `/api/tasks${query ? `?${query}` : ''}`, undefined, tok[who]);
  const instanceCount = async () => (await db.query(`SELECT count(*)::int AS n FROM process_instance`)).rows[0].n as number;
  const tasksOf = async (instanceId: string) =>
    (await db.query(`SELECT id, element_id, assignee, org_id, subject_id FROM user_task WHERE instance_id = $1 ORDER BY element_id`, [instanceId])).rows;
  const pairsOf = async (taskId: string) => (await db.query(`SELECT role, org_id FROM task_candidate WHERE task_id = $1`, [taskId])).rows;

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'case-subject');
    db = new pg.Pool({ connectionString: s.databaseUrl, max: 2 });
    Object.assign(tok, f.tokens);
    Object.assign(ids, f.users);
    await ok(s, 'POST', '/api/deployments', { name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(VARIANT) }] }, f.tokens['t-admin']);
    await deploy(s, f, [file('subject.route.bpmn'), file('subject.campaign.bpmn')]);
    await user('ivanova', 'Иванова Мария Петровна', [{ orgId: f.orgs.school11, role: 'teacher' }], { position: 'учитель математики' });
    await user('semina', 'Сёмина Ольга Игоревна', [{ orgId: f.orgs.school12, role: 'teacher' }], { position: 'учитель истории' });
    await user('gone', 'Уволенная Анна', [{ orgId: f.orgs.school11, role: 'teacher' }]);
    await ok(s, 'POST', `/api/users/${ids.gone}/deactivate`, {}, f.superToken);
    // a user of another tenant
    await ok(s, 'POST', '/api/tenants', { key: 'case-subject-other', name: 'Другой регион', timeZone: 'Europe/Moscow' }, f.superToken);
    foreignUser = (await ok(s, 'POST', '/api/users', { tenant: 'case-subject-other', username: 'foreign', password: 'password-123', fullName: 'Чужой Пользователь', memberships: [] }, f.superToken)).id;
  });

  afterAll(async () => {
    await db?.end();
    await s?.close();
  });

  test('given a municipal methodist starting a route for a teacher, then the teacher gets her steps, her school its steps, and rows name her', async () => {
    const r = await start('municipal1', { processKey: 'case-route', subjectId: ids.ivanova });
    expect(r.status).toBe(201);
    const inst = r.body;
    // the instance belongs to the teacher's school and is about her
    expect(inst.orgId).toBe(f.orgs.school11);
    expect(inst.startedBy).toBe(ids.municipal1);
    expect(inst.subject).toEqual({ id: ids.ivanova, fullName: 'Иванова Мария Петровна', orgId: f.orgs.school11, orgName: 'Школа 1-1' });
    expect(inst.variables.subject).toMatchObject({ id: ids.ivanova, fullName: 'Иванова Мария Петровна', orgId: f.orgs.school11, position: 'учитель математики' });
    expect(inst.variables.initiator).toBe(ids.municipal1);
    const [row] = (await db.query(`SELECT subject_id, subject_org_id FROM process_instance WHERE id = $1`, [inst.id])).rows;
    expect(row).toEqual({ subject_id: ids.ivanova, subject_org_id: f.orgs.school11 });

    // the teacher's own step is hers, not the starter's; FEEL saw her profile field
    expect((await inbox('municipal1')).items.filter((t) => t.processInstanceId === inst.id)).toEqual([]);
    const mine = (await inbox('ivanova')).items.filter((t) => t.processInstanceId === inst.id);
    expect(mine.map((t) => t.elementId)).toEqual(['self']);
    expect(mine[0].subject).toEqual({ id: ids.ivanova, fullName: 'Иванова Мария Петровна', orgId: f.orgs.school11, orgName: 'Школа 1-1' });
    const task = await ok(s, 'GET', `/api/tasks/${mine[0].id}`, undefined, tok.ivanova);
    expect(task.subject.fullName).toBe('Иванова Мария Петровна');
    expect(task.context.variables).toMatchObject({ position: 'учитель математики', school: 'Школа 1-1' });
    await ok(s, 'POST', `/api/tasks/${mine[0].id}/complete`, { variables: {} }, tok.ivanova);

    // the school's step goes to the school's methodist (role resolved at her school), not to another school
    const [schoolTask] = await tasksOf(inst.id);
    expect(schoolTask.element_id).toBe('school');
    expect(await pairsOf(schoolTask.id)).toEqual([{ role: 'methodist', org_id: f.orgs.school11 }]);
    expect((await inbox('methodist11')).items.find((t) => t.id === schoolTask.id)?.subject.id).toBe(ids.ivanova);
    expect((await inbox('methodist12')).items.find((t) => t.id === schoolTask.id)).toBeUndefined();

    // the teacher sees her route (as its subject), with its current step
    const about = await ok(s, 'GET', '/api/process-instances?subject=me', undefined, tok.ivanova);
    expect(about.items.map((i: any) => i.id)).toEqual([inst.id]);
    expect(about.items[0].currentSteps).toEqual([expect.objectContaining({ taskId: schoolTask.id, elementId: 'school', name: 'Согласование в школе' })]);
    await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, tok.ivanova);
    // nobody else's list of "my routes" has it
    expect((await ok(s, 'GET', '/api/process-instances?subject=me', undefined, tok.municipal1)).items.map((i: any) => i.id)).not.toContain(inst.id);
    expect((await ok(s, 'GET', '/api/process-instances?subject=me', undefined, tok.semina)).items).toEqual([]);
  });

  test('given no subjectId, then the starter is the subject, and "my routes" carry the next due date', async () => {
    const inst = (await start('semina', { processKey: 'case-route' })).body;
    expect(inst.subject).toEqual({ id: ids.semina, fullName: 'Сёмина Ольга Игоревна', orgId: f.orgs.school12, orgName: 'Школа 1-2' });
    const about = await ok(s, 'GET', '/api/process-instances?subject=me', undefined, tok.semina);
    expect(about.items.map((i: any) => i.id)).toEqual([inst.id]);
    expect(about.items[0].currentSteps).toHaveLength(1);
    expect(about.items[0].nextDueAt).toBe(about.items[0].currentSteps[0].dueAt);
    expect(about.items[0].nextDueAt).not.toBeNull();
  });

  test('given a campaign, then each called route is about its teacher and each school report is offered at its school', async () => {
    const r = await start('municipal1', {
      processKey: 'case-campaign',
      variables: { teachers: [ids.ivanova, ids.teacher11], schools: [f.orgs.school11, f.orgs.school12] },
    });
    expect(r.status).toBe(201);
    const children = (await db.query(`SELECT id, subject_id, subject_org_id, org_id FROM process_instance WHERE parent_instance_id = $1`, [r.body.id])).rows;
    expect(children.map((c) => c.subject_id).sort()).toEqual([ids.ivanova, ids.teacher11].sort());
    for (const c of children) {
      expect(c.org_id).toBe(f.orgs.school11);
      const [self] = await tasksOf(c.id);
      expect(self).toMatchObject({ element_id: 'self', assignee: c.subject_id, subject_id: c.subject_id });
    }
    // each teacher completes her step; then the schools' reports are offered per school, at that school
    for (const c of children) {
      const who = c.subject_id === ids.ivanova ? 'ivanova' : 'teacher11';
      const [self] = await tasksOf(c.id);
      await ok(s, 'POST', `/api/tasks/${self.id}/complete`, { variables: {} }, tok[who]);
      const [school] = await tasksOf(c.id);
      await ok(s, 'POST', `/api/tasks/${school.id}/complete`, { variables: {} }, tok.methodist11);
    }
    const reports = await tasksOf(r.body.id);
    expect(reports.map((t) => t.org_id).sort()).toEqual([f.orgs.school11, f.orgs.school12].sort());
    for (const t of reports) expect(await pairsOf(t.id)).toEqual([{ role: 'methodist', org_id: t.org_id }]);
    expect((await inbox('methodist12')).items.filter((t) => t.processInstanceId === r.body.id)).toHaveLength(1);
  });

  test('given a subjectId out of reach, then 404 (another tenant, unknown) or 403 (same tenant) or 400 (deactivated), and nothing is started', async () => {
    const before = await instanceCount();
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      ['municipal1', { subjectId: foreignUser }, 404, /subjectId/],
      ['municipal1', { subjectId: '00000000-0000-4000-8000-000000000000' }, 404, /subjectId/],
      ['municipal1', { subjectId: 'not-a-uuid' }, 400, /subjectId/],
      // a methodist of another school, a teacher for a colleague, a municipal service of another municipality
      ['methodist12', { subjectId: ids.ivanova }, 403, /Иванова/],
      ['teacher12', { subjectId: ids.ivanova }, 403, /Иванова/],
      ['municipal2', { subjectId: ids.ivanova }, 403, /Иванова/],
      // a role that may not start the process at all, even above her
      ['centre', { subjectId: ids.ivanova }, 403, /Педагог, Методист ОО, ММС/],
      ['municipal1', { subjectId: ids.gone }, 400, /\(subjectId\) is deactivated/],
      // an organisation out of the starter's reach for a subject in reach
      ['municipal1', { subjectId: ids.ivanova, orgId: f.orgs.school21 }, 403, /orgId/],
    ];
    for (const [who, body, status, message] of cases) {
      const r = await start(who, { processKey: 'case-route', ...body });
      expect({ who, body, status: r.status }).toEqual({ who, body, status });
      expect(JSON.stringify(r.body)).toMatch(message);
    }
    expect(await instanceCount()).toBe(before);
    // the tenant's administrator may start for anyone of the tenant
    expect((await start('t-admin', { processKey: 'case-route', subjectId: ids.semina })).body.subject.id).toBe(ids.semina);
  });

  test('given ?q=, then the inbox finds tasks by the subject\'s name (ё = е), the task name and the process name, and nothing else', async () => {
    const a = (await start('methodist11', { processKey: 'case-route', subjectId: ids.ivanova })).body;
    const b = (await start('methodist12', { processKey: 'case-route', subjectId: ids.semina })).body;
    await ok(s, 'POST', `/api/tasks/${(await tasksOf(a.id))[0].id}/complete`, { variables: {} }, tok.ivanova);
    const aTask = (await tasksOf(a.id))[0].id;
    const ids11 = async (q: string) => (await inbox('methodist11', `q=${encodeURIComponent(q)}`)).items.map((t) => t.id);
    expect(await ids11('иванова')).toContain(aTask);
    expect(await ids11('ИВАНОВА мария')).toContain(aTask);
    expect(await ids11('согласование')).toContain(aTask);
    expect(await ids11('сопровождение педагога')).toContain(aTask);
    expect(await ids11('Сёмина')).toEqual([]);
    expect(await ids11('%')).toEqual([]);
    expect(await ids11('иванова петрова')).toEqual([]);
    // the teacher's own (assigned) step, found by ё/е either way
    const bTask = (await tasksOf(b.id))[0].id;
    const hers = (await inbox('semina', 'q=семина')).items;
    expect(hers.map((t) => t.id)).toContain(bTask);
    expect(hers.every((t) => t.subject.id === ids.semina)).toBe(true);
    expect((await inbox('semina', 'q=самоанализ')).items.map((t) => t.id)).toEqual((await inbox('semina')).items.map((t) => t.id));
    expect((await inbox('semina', 'q=согласование')).items).toEqual([]);
    const { total } = await inbox('methodist11', 'q=иванова');
    expect(total).toBe((await ids11('иванова')).length);
  });
});
