import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (n: string) => ({ name: n, content: fs.readFileSync(path.join(here, n), 'utf8') });

describe('reassigning a task: work that can never be orphaned', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Pool;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let foreignUser = '';

  const user = async (username: string, fullName: string, memberships: { orgId: string; role: string }[]) => {
    const u = await ok(s, 'POST', '/api/users', { tenant: f.tenantKey, username, password: 'password-123', fullName, memberships }, f.superToken);
    ids[username] = u.id;
    tok[username] = await s.login(username, 'password-123');
  };
  /** Starts the typed-login request as methodist 1-1 with `responsible` and returns the instance and its task. */
  const request = async (responsible: string) => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'case-typed', variables: { responsible } }, tok.methodist11);
    const [task] = (await db.query(`SELECT id, assignee FROM user_task WHERE instance_id = $1`, [inst.id])).rows;
    return { instanceId: inst.id as string, taskId: task.id as string, assignee: task.assignee as string | null };
  };
  const reassign = (taskId: string, who: string, body: Record<string, unknown>) => s.call<any>('POST', `/api/tasks/${taskId}/assignee`, body, tok[who]);
  const orphanAlerts = async (who: string) =>
    (await ok(s, 'GET', '/api/alerts?kind=assignee-inactive', undefined, tok[who])).items as any[];

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'case-reassign');
    db = new pg.Pool({ connectionString: s.databaseUrl, max: 2 });
    Object.assign(tok, f.tokens);
    Object.assign(ids, f.users);
    await deploy(s, f, [file('reassign.typed-login.bpmn')]);
    await user('leaver', 'Ушедшая Ответственная', [{ orgId: f.orgs.school11, role: 'teacher' }]);
    await user('successor', 'Новая Ответственная', [{ orgId: f.orgs.school11, role: 'teacher' }]);
    await user('inactive', 'Неактивный Пользователь', [{ orgId: f.orgs.school11, role: 'teacher' }]);
    await ok(s, 'POST', `/api/users/${ids.inactive}/deactivate`, {}, f.superToken);
    await user('supervisor2', 'Управление района 2', [{ orgId: f.orgs.mun2, role: 'supervisor' }]);
    await user('admin2', 'Администратор района 2', [{ orgId: f.orgs.mun2, role: 'admin' }]);
    await ok(s, 'POST', '/api/tenants', { key: 'case-reassign-other', name: 'Другой регион', timeZone: 'Europe/Moscow' }, f.superToken);
    foreignUser = (await ok(s, 'POST', '/api/users', { tenant: 'case-reassign-other', username: 'reassign-foreign', password: 'password-123', fullName: 'Чужой', memberships: [] }, f.superToken)).id;
  });

  afterAll(async () => {
    await db?.end();
    await s?.close();
  });

  test('given the assignee is deactivated, then the supervisors see the open task in their alerts, and a supervisor gives it to someone else', async () => {
    const r = await request('leaver');
    expect(r.assignee).toBe(ids.leaver);
    expect((await orphanAlerts('supervisor1')).map((a) => a.taskId)).not.toContain(r.taskId);
    await ok(s, 'POST', `/api/users/${ids.leaver}/deactivate`, {}, f.superToken);

    // in the alerts of the supervisors above the task's school, not of the other municipality
    const alert = (await orphanAlerts('supervisor1')).find((a) => a.taskId === r.taskId);
    expect(alert).toMatchObject({ kind: 'assignee-inactive', assignee: ids.leaver, assigneeName: 'Ушедшая Ответственная', orgId: f.orgs.school11 });
    expect((await orphanAlerts('t-admin')).map((a) => a.taskId)).toContain(r.taskId);
    expect((await orphanAlerts('supervisor2')).map((a) => a.taskId)).not.toContain(r.taskId);
    // without a kind filter too
    expect((await ok(s, 'GET', '/api/alerts', undefined, tok.supervisor1)).items.some((a: any) => a.taskId === r.taskId && a.kind === 'assignee-inactive')).toBe(true);

    const done = await reassign(r.taskId, 'supervisor1', { userId: ids.successor, comment: 'ответственная уволилась' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ id: r.taskId, assignee: ids.successor, assigneeName: 'Новая Ответственная', from: ids.leaver, comment: 'ответственная уволилась' });
    const history = await ok(s, 'GET', `/api/process-instances/${r.instanceId}/history`, undefined, f.tokens['t-admin']);
    const row = history.items.find((h: any) => h.type === 'taskReassigned');
    expect(row).toMatchObject({ userId: ids.supervisor1, elementId: 'answer', data: { taskId: r.taskId, from: ids.leaver, to: ids.successor, comment: 'ответственная уволилась' } });
    expect((await orphanAlerts('supervisor1')).map((a) => a.taskId)).not.toContain(r.taskId);

    // the new assignee is told, has it in her inbox and completes it
    const told = (await ok(s, 'GET', '/api/notifications', undefined, tok.successor)).items.filter((n: any) => n.kind === 'task-assigned');
    expect(told).toEqual([expect.objectContaining({ taskId: r.taskId, subject: expect.stringMatching(/^Вам передана задача: Предоставить данные/) })]);
    expect(told[0].body).toMatch(/ответственная уволилась/);
    // the process by its name, never by its key
    expect(told[0].body).toContain('(процесс «Запрос данных у ответственного»)');
    expect(told[0].body).not.toContain('case-typed');
    expect((await ok(s, 'GET', '/api/tasks', undefined, tok.successor)).items.map((t: any) => t.id)).toContain(r.taskId);
    await ok(s, 'POST', `/api/tasks/${r.taskId}/complete`, { variables: {} }, tok.successor);
    // a completed task cannot be reassigned: 409 to those who see it
    expect((await reassign(r.taskId, 'supervisor1', { userId: ids.successor })).status).toBe(409);
  });

  test('given a typed login that is no user id of anyone (the person is gone), then an administrator of an ancestor gives the task to someone', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const r = await request(ghost);
    expect(r.assignee).toBe(ghost);
    expect((await orphanAlerts('supervisor1')).find((a) => a.taskId === r.taskId)).toMatchObject({ assignee: ghost, assigneeName: null });
    const done = await reassign(r.taskId, 't-admin', { userId: ids.successor });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ from: ghost, assignee: ids.successor, comment: null });
    expect((await db.query(`SELECT assignee FROM user_task WHERE id = $1`, [r.taskId])).rows[0].assignee).toBe(ids.successor);
  });

  test('given who may not reassign: 404 to those who do not see the task, 403 to those who do; nothing changes', async () => {
    const r = await request('successor');
    const cases: [string, number][] = [
      ['teacher12', 404], ['municipal2', 404], ['supervisor2', 404], ['admin2', 404], ['centre', 404],
      ['methodist11', 403], // the starter sees the instance
      ['successor', 403], // the assignee herself
    ];
    for (const [who, status] of cases) {
      const res = await reassign(r.taskId, who, { userId: ids.teacher11 });
      expect({ who, status: res.status }).toEqual({ who, status });
    }
    expect((await db.query(`SELECT assignee FROM user_task WHERE id = $1`, [r.taskId])).rows[0].assignee).toBe(ids.successor);
    expect((await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = $1 AND type = 'taskReassigned'`, [r.instanceId])).rows[0].n).toBe(0);
  });

  test('given a new assignee who is inactive, of another tenant, unknown or not an id, then 400 naming why, and nothing changes', async () => {
    const r = await request('successor');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ userId: ids.inactive }, /"Неактивный Пользователь" is deactivated/],
      [{ userId: foreignUser }, /is not a user of the task's tenant/],
      [{ userId: '00000000-0000-4000-8000-000000000000' }, /is not a user of the task's tenant/],
      [{ userId: 'successor' }, /userId/],
      [{}, /userId/],
      [{ userId: ids.teacher11, comment: 'x'.repeat(2001) }, /comment/],
    ];
    for (const [body, message] of cases) {
      const res = await reassign(r.taskId, 'supervisor1', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    // in Russian (the default language), naming the user and the field
    const ru = await s.call<any>('POST', `/api/tasks/${r.taskId}/assignee`, { userId: ids.inactive }, tok.supervisor1, { 'accept-language': 'ru' });
    expect(ru.body).toMatchObject({ code: 'reassign.userDeactivated', message: 'Пользователь «Неактивный Пользователь» деактивирован — передать ему задачу нельзя (поле "userId")' });
    expect((await db.query(`SELECT assignee FROM user_task WHERE id = $1`, [r.taskId])).rows[0].assignee).toBe(ids.successor);
    // an unknown task is 404
    expect((await reassign('00000000-0000-4000-8000-000000000000', 'supervisor1', { userId: ids.teacher11 })).status).toBe(404);
  });

  test('given the picker of a reassignment, then it offers the active people where the caller supervises the task, by name; the same refusals', async () => {
    const r = await request('successor');
    const names = async (who: string, q = '') =>
      (await ok(s, 'GET', `/api/tasks/${r.taskId}/assignee-candidates${q ? `?q=${encodeURIComponent(q)}` : ''}`, undefined, tok[who])).items.map((x: any) => x.fullName);
    // the supervisor of municipality 1: people of its schools and of itself; not the deactivated, not municipality 2's
    const mine = await names('supervisor1');
    expect(mine).toEqual(expect.arrayContaining(['Новая Ответственная', 'Учитель школы 1-1', 'Методист школы 1-2', 'ММС района 1']));
    expect(mine).not.toContain('Неактивный Пользователь');
    expect(mine).not.toContain('Управление района 2');
    expect(mine).toEqual([...mine].sort((a, b) => a.localeCompare(b, 'ru')));
    expect(await names('supervisor1', 'новая ОТВЕТСТВЕННАЯ')).toEqual(['Новая Ответственная']);
    // the tenant's administrator: anyone of the tenant
    expect(await names('t-admin')).toEqual(expect.arrayContaining(['Управление района 2', 'Новая Ответственная']));
    // those who see the task but may not reassign it: 403; the rest: 404
    for (const [who, status] of [['methodist11', 403], ['successor', 403], ['supervisor2', 404], ['municipal2', 404]] as const) {
      expect({ who, status: (await s.call('GET', `/api/tasks/${r.taskId}/assignee-candidates`, undefined, tok[who])).status }).toEqual({ who, status });
    }
    expect((await s.call('GET', '/api/tasks/not-a-task/assignee-candidates', undefined, tok.supervisor1)).status).toBe(404);
  });
});
