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
const variant = (raisable: unknown) => ({
  name: 'variant.json',
  content: JSON.stringify({ ...FIXTURE_VARIANT, processes: { 'case-difficulty': { startRoles: ['teacher', 'methodist'], raisable } } }),
});
const RAISABLE = [{ message: 'difficulty' }, { message: 'methodist-note', roles: ['methodist'] }];

describe('participants raise events: a declared message, raised on one instance by those who see it', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Pool;
  let other = { token: '', instanceId: '' };

  const start = async (who: string) => (await ok(s, 'POST', '/api/process-instances', { processKey: 'case-difficulty' }, f.tokens[who])).id as string;
  const raise = (id: string, token: string, body: Record<string, unknown>) => s.call<any>('POST', `/api/process-instances/${id}/messages`, body, token);
  const active = async (id: string) => ((await db.query(`SELECT element_id FROM user_task WHERE instance_id = $1 ORDER BY element_id`, [id])).rows).map((r) => r.element_id);

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'case-raise');
    db = new pg.Pool({ connectionString: s.databaseUrl, max: 2 });
    await deploy(s, f, [variant(RAISABLE), file('raise.difficulty.bpmn')]);
    // the same process in another tenant, with an instance of its own
    await ok(s, 'POST', '/api/tenants', { key: 'case-raise-other', name: 'Другой регион', timeZone: 'Europe/Moscow' }, f.superToken);
    await ok(s, 'POST', '/api/deployments', { tenant: 'case-raise-other', name: 'v', resources: [variant(RAISABLE), file('raise.difficulty.bpmn')] }, f.superToken);
    const region = (await ok(s, 'POST', '/api/organizations', { tenant: 'case-raise-other', name: 'Регион', level: 'region' }, f.superToken)).id;
    const mun = (await ok(s, 'POST', '/api/organizations', { tenant: 'case-raise-other', name: 'Район', level: 'municipality', parentId: region }, f.superToken)).id;
    const school = (await ok(s, 'POST', '/api/organizations', { tenant: 'case-raise-other', name: 'Школа', level: 'school', parentId: mun }, f.superToken)).id;
    await ok(s, 'POST', '/api/users', { tenant: 'case-raise-other', username: 'raise-other', password: 'password-123', fullName: 'Учитель', memberships: [{ orgId: school, role: 'teacher' }] }, f.superToken);
    other = { token: await s.login('raise-other', 'password-123'), instanceId: '' };
    other.instanceId = (await ok(s, 'POST', '/api/process-instances', { processKey: 'case-difficulty' }, other.token)).id;
  });

  afterAll(async () => {
    await db?.end();
    await s?.close();
  });

  test('given a teacher raising «difficulty» on her route, then that route alone moves on, with the variables she sent', async () => {
    const mine = await start('teacher11');
    const colleague = await start('teacher12');
    const view = await ok(s, 'GET', `/api/process-instances/${mine}`, undefined, f.tokens.teacher11);
    expect(view.raisable).toEqual(['difficulty']); // methodist-note needs a methodist
    // with what the user reads: the name of the boundary event that catches it
    expect(view.raisableEvents).toEqual([{ message: 'difficulty', name: 'Затруднения' }]);
    const r = await raise(mine, f.tokens.teacher11, { name: 'difficulty', variables: { difficultyText: 'не хватает времени' } });
    expect(r.status).toBe(200);
    expect(r.body.variables.difficultyText).toBe('не хватает времени');
    expect(await active(mine)).toEqual(['help', 'implement']);
    // the colleague's route (same message, her own subscription) and the other tenant's did not move
    expect(await active(colleague)).toEqual(['implement']);
    expect(await active(other.instanceId)).toEqual(['implement']);
    // the methodist of her school gets the help task; the history says who raised it
    expect((await ok(s, 'GET', `/api/tasks?processInstanceId=${mine}`, undefined, f.tokens.methodist11)).items.map((t: any) => t.elementId)).toEqual(['help']);
    const history = await ok(s, 'GET', `/api/process-instances/${mine}/history`, undefined, f.tokens.teacher11);
    expect(history.items.find((h: any) => h.type === 'messageRaised')).toMatchObject({ userId: f.users.teacher11, data: { name: 'difficulty' } });
  });

  test('given roles on the declaration, then only their holders at the instance organisation or above raise it', async () => {
    const mine = await start('teacher11');
    const denied = await raise(mine, f.tokens.teacher11, { name: 'methodist-note' });
    expect(denied.status).toBe(403);
    // the roles by their names (in either language), never by their keys
    expect(denied.body.message).toContain('may be sent by: Методист ОО (');
    expect(await active(mine)).toEqual(['implement']);
    const view = await ok(s, 'GET', `/api/process-instances/${mine}`, undefined, f.tokens['t-admin']);
    expect(view.raisable).toEqual(['difficulty', 'methodist-note']);
    // the methodist of her school: first she must see the instance (a candidate of its tasks)
    await ok(s, 'POST', `/api/process-instances/${mine}/messages`, { name: 'difficulty' }, f.tokens.teacher11);
    expect((await raise(mine, f.tokens.methodist11, { name: 'methodist-note' })).status).toBe(200);
    const h = await ok(s, 'GET', `/api/process-instances/${mine}/history`, undefined, f.tokens['t-admin']);
    expect(h.items.filter((x: any) => x.type === 'elementCompleted' && x.elementId === 'note-end')).toHaveLength(1);
  });

  test('given who may not, or what is not declared or not awaited: 404, 400, 409, and nothing moves', async () => {
    const mine = await start('teacher11');
    const cases: [string, string, Record<string, unknown>, number, RegExp][] = [
      ['teacher12 (does not see it)', f.tokens.teacher12, { name: 'difficulty' }, 404, /not found$/],
      ['municipal2 (does not see it)', f.tokens.municipal2, { name: 'difficulty' }, 404, /not found$/],
      ['another tenant', other.token, { name: 'difficulty' }, 404, /not found$/],
      ['an undeclared message', f.tokens.teacher11, { name: 'course-cancelled' }, 400, /course-cancelled.*raisable/],
      ['no name', f.tokens.teacher11, {}, 400, /name/],
      ['variables not an object', f.tokens.teacher11, { name: 'difficulty', variables: 'x' }, 400, /variables/],
    ];
    for (const [what, token, body, status, message] of cases) {
      const r = await raise(mine, token, body);
      expect({ what, status: r.status }).toEqual({ what, status });
      expect(r.body.message).toMatch(message);
    }
    expect((await raise(other.instanceId, f.tokens['t-admin'], { name: 'difficulty' })).status).toBe(404);
    expect(await active(mine)).toEqual(['implement']);
    // once the task is done, nothing waits for «difficulty»: 409
    const [task] = (await db.query(`SELECT id FROM user_task WHERE instance_id = $1`, [mine])).rows;
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: {} }, f.tokens.teacher11);
    const late = await raise(mine, f.tokens.teacher11, { name: 'difficulty' });
    expect(late.status).toBe(409);
  });

  test('given a raisable message no element of the process catches, then the deploy is refused naming the process and the field', async () => {
    const r = await s.call<any>('POST', '/api/deployments', { name: 'bad', resources: [variant([...RAISABLE, { message: 'nobody-catches' }])] }, f.tokens['t-admin']);
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([expect.objectContaining({ resource: 'variant.json', message: expect.stringMatching(/^processes\.case-difficulty\.raisable: message "nobody-catches"/) })]);
    // the diagram deployed alone without the catch of a declared message is refused too
    const d = await s.call<any>('POST', '/api/deployments', { name: 'bad', resources: [file('raise.difficulty-no-note.bpmn')] }, f.tokens['t-admin']);
    expect(d.status).toBe(400);
    expect(d.body.problems).toEqual([expect.objectContaining({ resource: 'raise.difficulty-no-note.bpmn', message: expect.stringMatching(/"methodist-note"/) })]);
    // roles must be declared; a message needs a name
    const roles = await s.call<any>('POST', '/api/deployments', { name: 'bad', resources: [variant([{ message: 'difficulty', roles: ['nobody'] }])] }, f.tokens['t-admin']);
    expect(JSON.stringify(roles.body.problems)).toMatch(/raisable\[0\]\.roles: role \\"nobody\\" is not declared/);
    // in Russian (the default language) too, with the code of the refusal
    const rolesRu = await s.call<any>('POST', '/api/deployments', { name: 'bad', resources: [variant([{ message: 'difficulty', roles: ['nobody'] }])] }, f.tokens['t-admin'], { 'accept-language': 'ru' });
    expect(rolesRu.body).toMatchObject({ code: 'deploy.refused', message: expect.stringMatching(/^Развёртывание отклонено, проблем: \d+$/) });
    expect(rolesRu.body.problems).toContainEqual(expect.objectContaining({ message: 'processes.case-difficulty.raisable[0].roles: роль «nobody» не объявлена' }));
    const unnamed = await s.call<any>('POST', '/api/deployments', { name: 'bad', resources: [variant([{ roles: ['teacher'] }])] }, f.tokens['t-admin']);
    expect(JSON.stringify(unnamed.body.problems)).toMatch(/raisable\[0\]\.message/);
  });
});
