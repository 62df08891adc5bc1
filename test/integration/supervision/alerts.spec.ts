import { createTenantFixture, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceBy, deploySupervision, startSupport, taskOf } from './supervision-helpers.js';

describe('overdue alerts for the supervisors of the ancestor organisations', () => {
  let s: TestServer;
  let f: TenantFixture;
  const inst: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'alerts-region');
    await deploySupervision(s, f);
    inst.a = (await startSupport(s, f, f.orgs.school11)).id;
    inst.b = (await startSupport(s, f, f.orgs.school12)).id;
    inst.c = (await startSupport(s, f, f.orgs.school21)).id;
    await advanceBy(s, f, 'P20D');
  });
  afterAll(async () => {
    await s.close();
  });

  test('given tasks 6 days past due in both municipalities, the supervisor of municipality 1 sees its schools’ alerts and not municipality 2’s', async () => {
    const r = await ok(s, 'GET', '/api/alerts', undefined, f.tokens.supervisor1);
    expect(r.total).toBe(2);
    expect(r.items.map((a: any) => a.processInstanceId).sort()).toEqual([inst.a, inst.b].sort());
    expect(r.items[0]).toMatchObject({
      kind: 'task-overdue', processKey: 'support', elementId: 'plan', elementName: 'Выбор направлений', daysOverdue: 6,
      candidateRoles: ['teacher'], acknowledged: false,
    });
    expect(r.items[0].taskId).toEqual(expect.any(String));
    expect(r.byOrganization.map((o: any) => [o.orgName, o.count]).sort()).toEqual([['Школа 1-1', 1], ['Школа 1-2', 1]]);
    expect(r.byStage).toEqual([{ processKey: 'support', elementId: 'plan', elementName: 'Выбор направлений', count: 2 }]);

    // the region's administrator sees all three
    expect((await ok(s, 'GET', '/api/alerts', undefined, f.tokens['t-admin'])).total).toBe(3);
    // filters
    expect((await ok(s, 'GET', `/api/alerts?orgId=${f.orgs.school11}`, undefined, f.tokens.supervisor1)).items.map((a: any) => a.processInstanceId)).toEqual([inst.a]);
    expect((await ok(s, 'GET', '/api/alerts?minDaysOverdue=6', undefined, f.tokens.supervisor1)).total).toBe(2);
    expect((await ok(s, 'GET', '/api/alerts?minDaysOverdue=7', undefined, f.tokens.supervisor1)).total).toBe(0);
    expect((await ok(s, 'GET', '/api/alerts?processKey=other', undefined, f.tokens.supervisor1)).total).toBe(0);
    expect((await ok(s, 'GET', '/api/alerts?elementId=plan', undefined, f.tokens.supervisor1)).total).toBe(2);
    // pages: most overdue first, disjoint, the total and the counts over all of them
    const p1 = await ok(s, 'GET', '/api/alerts?limit=1&offset=0', undefined, f.tokens['t-admin']);
    const p2 = await ok(s, 'GET', '/api/alerts?limit=1&offset=1', undefined, f.tokens['t-admin']);
    const p3 = await ok(s, 'GET', '/api/alerts?limit=1&offset=2', undefined, f.tokens['t-admin']);
    const past = await ok(s, 'GET', '/api/alerts?limit=5&offset=3', undefined, f.tokens['t-admin']);
    expect([p1, p2, p3].map((p: any) => p.items.length)).toEqual([1, 1, 1]);
    expect(new Set([p1, p2, p3].map((p: any) => p.items[0].processInstanceId)).size).toBe(3);
    expect([p1.total, p2.total, p3.total, past.total, past.items.length]).toEqual([3, 3, 3, 3, 0]);
    expect(p1.byOrganization.reduce((n: number, o: any) => n + o.count, 0)).toBe(3);
    expect((await s.call('GET', '/api/alerts?offset=-1', undefined, f.tokens.supervisor1)).status).toBe(400);
    expect((await s.call('GET', '/api/alerts?offset=1e308', undefined, f.tokens.supervisor1)).status).toBe(400);
    // another municipality's organisation is refused, and so is a caller who supervises nothing
    expect((await s.call('GET', `/api/alerts?orgId=${f.orgs.school21}`, undefined, f.tokens.supervisor1)).status).toBe(403);
    expect((await s.call('GET', `/api/alerts?orgId=${f.orgs.mun2}`, undefined, f.tokens.supervisor1)).status).toBe(403);
    expect((await s.call('GET', '/api/alerts', undefined, f.tokens.teacher11)).status).toBe(403);
    expect((await s.call('GET', '/api/alerts?minDaysOverdue=-1', undefined, f.tokens.supervisor1)).status).toBe(400);
    // the organisations the filters offer: municipality 1 and its schools, in tree order
    const orgs = await ok(s, 'GET', '/api/supervision/organizations', undefined, f.tokens.supervisor1);
    expect(orgs.items.map((o: any) => [o.name, o.depth])).toEqual([['Район 1', 1], ['Школа 1-1', 2], ['Школа 1-2', 2]]);
  });

  test('given an instance stays in a sub-process longer than its stageLimits, then a stage-overdue alert appears; acknowledging it keeps the comment in the history', async () => {
    const plan = await taskOf(s, f, inst.a, 'plan');
    await ok(s, 'POST', `/api/tasks/${plan.id}/complete`, { variables: { difficulties: true } }, f.tokens.teacher11);
    await advanceBy(s, f, 'P29D');
    expect((await ok(s, 'GET', '/api/alerts?kind=stage-overdue', undefined, f.tokens.supervisor1)).total).toBe(0);
    await advanceBy(s, f, 'P2D');
    const r = await ok(s, 'GET', '/api/alerts', undefined, f.tokens.supervisor1);
    const stage = r.items.find((a: any) => a.kind === 'stage-overdue');
    expect(stage).toMatchObject({
      processInstanceId: inst.a, processKey: 'support', elementId: 'support-stage', elementName: 'Сопровождение в ОО',
      orgId: f.orgs.school11, orgName: 'Школа 1-1', daysOverdue: 1, stageLimit: 'P30D',
    });
    expect(new Date(stage.dueAt).getTime() - new Date(stage.enteredAt).getTime()).toBe(30 * 86_400_000);
    // B's plan task is still overdue (now by 37 days); C's is not the supervisor's
    expect(r.items.map((a: any) => `${a.kind}:${a.processInstanceId === inst.b ? 'b' : a.processInstanceId === inst.a ? 'a' : 'c'}:${a.daysOverdue}`))
      .toEqual(['task-overdue:b:37', 'stage-overdue:a:1']);
    expect(r.byStage.map((x: any) => x.elementId).sort()).toEqual(['plan', 'support-stage']);

    // acknowledge with a comment
    expect((await s.call('POST', '/api/alerts/ack', { processInstanceId: inst.c, elementId: 'plan', comment: 'x' }, f.tokens.supervisor1)).status).toBe(404);
    expect((await s.call('POST', '/api/alerts/ack', { processInstanceId: inst.a, elementId: 'support-stage', comment: '' }, f.tokens.supervisor1)).status).toBe(400);
    const ack = await ok(s, 'POST', '/api/alerts/ack', { processInstanceId: inst.a, elementId: 'support-stage', comment: 'Позвонили в школу, визит 5-го' }, f.tokens.supervisor1);
    expect(ack).toMatchObject({ processInstanceId: inst.a, elementId: 'support-stage', userId: f.users.supervisor1, comment: 'Позвонили в школу, визит 5-го' });
    const after = await ok(s, 'GET', '/api/alerts?elementId=support-stage', undefined, f.tokens.supervisor1);
    expect(after.items[0]).toMatchObject({ acknowledged: true, acknowledgements: [expect.objectContaining({ comment: 'Позвонили в школу, визит 5-го', userName: 'Управление образования района 1' })] });
    expect((await ok(s, 'GET', '/api/alerts?acknowledged=false', undefined, f.tokens.supervisor1)).items.map((a: any) => a.processInstanceId)).toEqual([inst.b]);
    const history = await ok(s, 'GET', `/api/process-instances/${inst.a}/history`, undefined, f.tokens['t-admin']);
    expect(history.items.filter((h: any) => h.type === 'alertAcknowledged')).toEqual([
      expect.objectContaining({ elementId: 'support-stage', userId: f.users.supervisor1, data: expect.objectContaining({ comment: 'Позвонили в школу, визит 5-го' }) }),
    ]);
  });

  test('the process map counts active and overdue instances per element over the supervisor’s subtree, and shows an instance’s path', async () => {
    const defs = await ok(s, 'GET', '/api/process-definitions?key=support', undefined, f.tokens['t-admin']);
    const id = defs.items[0].id;
    const mine = await ok(s, 'GET', `/api/process-definitions/${id}/stats`, undefined, f.tokens.supervisor1);
    const el = (stats: any, e: string) => stats.elements.find((x: any) => x.elementId === e) ?? { active: 0, overdue: 0 };
    expect(mine).toMatchObject({ processKey: 'support', activeInstances: 2, overdueInstances: 2 });
    expect([el(mine, 'plan').active, el(mine, 'plan').overdue]).toEqual([1, 1]);
    expect([el(mine, 'support-stage').active, el(mine, 'support-stage').overdue]).toEqual([1, 1]);
    expect([el(mine, 'visit').active, el(mine, 'visit').overdue]).toEqual([1, 0]);
    expect(el(mine, 'plan').completed).toBe(1);
    const all = await ok(s, 'GET', `/api/process-definitions/${id}/stats`, undefined, f.tokens['t-admin']);
    expect([el(all, 'plan').active, el(all, 'plan').overdue]).toEqual([2, 2]);
    const one = await ok(s, 'GET', `/api/process-definitions/${id}/stats?orgId=${f.orgs.school12}`, undefined, f.tokens.supervisor1);
    expect([el(one, 'plan').active, el(one, 'support-stage').active]).toEqual([1, 0]);
    expect((await s.call('GET', `/api/process-definitions/${id}/stats?orgId=${f.orgs.school21}`, undefined, f.tokens.supervisor1)).status).toBe(403);

    const view = await ok(s, 'GET', `/api/supervision/instances/${inst.a}`, undefined, f.tokens.supervisor1);
    expect(view.path).toEqual(['start', 'plan', 'support-stage', 's-start', 'visit']);
    expect(view.completedElements).toEqual(['start', 'plan', 's-start']);
    expect(view.tokens.map((t: any) => t.elementId).sort()).toEqual(['support-stage', 'visit']);
    expect(view.variables).toMatchObject({ difficulties: true });
    expect(view.timeline.length).toBeGreaterThan(5);
    expect(view.acknowledgements).toHaveLength(1);
    // whom the route is about (the starter, by default), by name
    expect(view.subject).toMatchObject({ fullName: 'Администратор региона', orgId: expect.any(String) });
    expect((await s.call('GET', `/api/supervision/instances/${inst.c}`, undefined, f.tokens.supervisor1)).status).toBe(404);
  });
});
