import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const FORM = JSON.stringify({ id: 'interview', type: 'default', components: [{ type: 'textfield', key: 'topic', label: 'Тема' }] });

describe('designer drafts, variants and forms through the API', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s);
    await deploy(s, f, [{ name: 'interview.form', content: FORM }]);
  });
  afterAll(async () => {
    await s.close();
  });

  test('given an administrator saves a draft, then it is listed, read back, replaced and deleted', async () => {
    const admin = f.tokens['t-admin'];
    const saved = await ok(s, 'PUT', `/api/drafts/${encodeURIComponent('курс.bpmn')}`, { content: '<x/>' }, admin);
    expect(saved).toMatchObject({ name: 'курс.bpmn', kind: 'bpmn', content: '<x/>', updatedBy: 't-admin' });
    await ok(s, 'PUT', `/api/drafts/${encodeURIComponent('forms/interview.form')}`, { content: FORM, kind: 'form' }, admin);

    const list = await ok(s, 'GET', '/api/drafts', undefined, admin);
    expect(list.items.map((d: any) => d.name)).toEqual(['курс.bpmn', 'forms/interview.form']);
    expect(list.items[0].content).toBeUndefined();

    await ok(s, 'PUT', `/api/drafts/${encodeURIComponent('курс.bpmn')}`, { content: '<y/>' }, admin);
    expect((await ok(s, 'GET', `/api/drafts/${encodeURIComponent('курс.bpmn')}`, undefined, admin)).content).toBe('<y/>');

    expect((await s.call('DELETE', `/api/drafts/${encodeURIComponent('курс.bpmn')}`, undefined, admin)).status).toBe(204);
    expect((await s.call('GET', `/api/drafts/${encodeURIComponent('курс.bpmn')}`, undefined, admin)).status).toBe(404);
  });

  test('given a bad name or kind, then the draft is refused with 400', async () => {
    const admin = f.tokens['t-admin'];
    expect((await s.call('PUT', '/api/drafts/notes.txt', { content: 'x' }, admin)).status).toBe(400);
    expect((await s.call('PUT', '/api/drafts/a.bpmn', { content: 'x', kind: 'form' }, admin)).status).toBe(400);
    expect((await s.call('PUT', '/api/drafts/a.bpmn', { kind: 'bpmn' }, admin)).status).toBe(400);
  });

  test('given a role holder who is not an administrator, then drafts are forbidden', async () => {
    expect((await s.call('GET', '/api/drafts', undefined, f.tokens.teacher11)).status).toBe(403);
    expect((await s.call('PUT', '/api/drafts/a.bpmn', { content: 'x' }, f.tokens.centre)).status).toBe(403);
  });

  test('given drafts of two tenants, then neither sees the other', async () => {
    await ok(s, 'POST', '/api/tenants', { key: 'other-region', name: 'Другой регион', timeZone: 'Europe/Moscow' }, f.superToken);
    await ok(s, 'POST', '/api/deployments', { tenant: 'other-region', name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, f.superToken);
    const root = await ok(s, 'POST', '/api/organizations', { tenant: 'other-region', name: 'Регион', level: 'region' }, f.superToken);
    await ok(s, 'POST', '/api/users', { tenant: 'other-region', username: 'o-admin', password: 'password-123', fullName: 'Другой администратор',
      memberships: [{ orgId: root.id, role: 'admin' }] }, f.superToken);
    const otherAdmin = await s.login('o-admin', 'password-123');
    await ok(s, 'PUT', '/api/drafts/secret.bpmn', { content: '<s/>' }, otherAdmin);
    expect((await s.call('GET', '/api/drafts/secret.bpmn', undefined, f.tokens['t-admin'])).status).toBe(404);
    expect((await ok(s, 'GET', '/api/drafts', undefined, f.tokens['t-admin'])).items.map((d: any) => d.name)).not.toContain('secret.bpmn');
  });

  test('the variants and forms endpoints give the latest roles and forms of the tenant', async () => {
    const variants = await ok(s, 'GET', '/api/variants', undefined, f.tokens['t-admin']);
    expect(variants.items).toHaveLength(1);
    expect(variants.items[0]).toMatchObject({ key: 'fixture', version: 1, levels: ['region', 'municipality', 'school'] });
    expect(variants.items[0].roles.map((r: any) => r.key)).toEqual(['teacher', 'methodist', 'municipal', 'centre']);
    const forms = await ok(s, 'GET', '/api/forms', undefined, f.tokens['t-admin']);
    expect(forms.items).toEqual([expect.objectContaining({ formId: 'interview', version: 1, title: null, usedBy: [] })]);
  });

  test('a form is listed with its title (its first heading) and the tasks of the latest process versions that show it', async () => {
    const titled = { id: 'visit', type: 'default', components: [{ type: 'text', text: '### Посещение **урока**' }, { type: 'textfield', key: 'note', label: 'Заметка' }] };
    const task = (name: string) => `<bpmn:userTask id="visit" name="${name}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" />
      <zeebe:formDefinition formId="visit" /></bpmn:extensionElements></bpmn:userTask>`;
    const xml = (name: string) => SANDBOX_BPMN.replace('id="sandbox-try" name="Проба"', 'id="visits" name="Посещения"')
      .replace(/<bpmn:userTask id="review"[\s\S]*?<\/bpmn:userTask>/, task(name)).replace(/targetRef="review"/, 'targetRef="visit"').replace(/sourceRef="review"/, 'sourceRef="visit"');
    await deploy(s, f, [{ name: 'visit.form', content: JSON.stringify(titled) }, { name: 'visits.bpmn', content: xml('Посетить урок') }]);
    await deploy(s, f, [{ name: 'visits.bpmn', content: xml('Посетить открытый урок') }]);
    const forms = (await ok(s, 'GET', '/api/forms', undefined, f.tokens['t-admin'])).items;
    // the latest version's task name only
    expect(forms.find((x: any) => x.formId === 'visit')).toMatchObject({
      title: 'Посещение урока',
      usedBy: [{ processKey: 'visits', processName: 'Посещения', elementId: 'visit', taskName: 'Посетить открытый урок' }],
    });
  });
});

const SANDBOX_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="sandbox-try" name="Проба" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Проверка">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="methodist" />
        <zeebe:formDefinition formId="sandbox-form" />
        <zeebe:taskSchedule dueDate="=now() + duration(&quot;P14D&quot;)" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('designer sandbox through the API', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'sbx-region');
  });
  afterAll(async () => {
    await s.close();
  });

  test('given a draft with a form draft, then it runs in <tenant>-sandbox, a role completes its task, and the live tenant is untouched', async () => {
    const admin = f.tokens['t-admin'];
    await ok(s, 'PUT', '/api/drafts/try.bpmn', { content: SANDBOX_BPMN }, admin);
    await ok(s, 'PUT', `/api/drafts/${encodeURIComponent('forms/sandbox-form.form')}`,
      { content: JSON.stringify({ id: 'sandbox-form', type: 'default', components: [{ type: 'textfield', key: 'note', label: 'Заметка' }] }) }, admin);

    const run = await ok(s, 'POST', '/api/sandbox/runs', { draft: 'try.bpmn' }, admin);
    expect(run.instance).toMatchObject({ processKey: 'sandbox-try', processName: 'Проба', state: 'active', activeElementIds: ['review'] });
    expect(run.tasks).toEqual([expect.objectContaining({ elementId: 'review', candidateRoles: ['methodist'], actor: expect.objectContaining({ role: 'methodist' }) })]);
    expect(run.xml).toContain('sandbox-try');
    expect(run.clock.mode).toBe('simulated'); // a sandbox has a time of its own, even on the real clock

    const info = await ok(s, 'GET', '/api/sandbox', undefined, admin);
    expect(info.tenantKey).toBe('sbx-region-sandbox');
    expect(info.actors.map((a: any) => a.role).sort()).toEqual(['admin', 'centre', 'methodist', 'municipal', 'teacher']);

    const done = await ok(s, 'POST', `/api/sandbox/runs/${run.instance.id}/tasks/${run.tasks[0].id}/complete`, { variables: { note: 'ок' } }, admin);
    expect(done.instance.state).toBe('completed');
    expect(done.completedElementIds).toEqual(expect.arrayContaining(['start', 'review']));

    // nothing was deployed or started in the live tenant
    expect((await ok(s, 'GET', '/api/process-definitions?key=sandbox-try', undefined, admin)).items).toEqual([]);
    expect((await ok(s, 'GET', '/api/tasks?scope=all', undefined, f.tokens.methodist11)).items).toEqual([]);
    // a second run reuses the sandbox
    const again = await ok(s, 'POST', '/api/sandbox/runs', { draft: 'try.bpmn' }, admin);
    expect(again.instance.id).not.toBe(run.instance.id);
  });

  test('given a draft that calls a process deployed in the tenant, then the called process goes into the sandbox with it and its task is done there', async () => {
    const admin = f.tokens['t-admin'];
    const callee = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="c" targetNamespace="t">
  <bpmn:process id="sandbox-callee" name="Диагностика" isExecutable="true">
    <bpmn:startEvent id="cs" /><bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="diagnose" />
    <bpmn:userTask id="diagnose" name="Провести диагностику"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="teacher" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="c2" sourceRef="diagnose" targetRef="ce" /><bpmn:endEvent id="ce" />
  </bpmn:process>
</bpmn:definitions>`;
    await deploy(s, f, [{ name: 'callee.bpmn', content: callee }]);
    const caller = SANDBOX_BPMN.replace(/id="sandbox-try"/, 'id="sandbox-caller"')
      .replace(/<bpmn:userTask id="review"[\s\S]*?<\/bpmn:userTask>/,
        '<bpmn:callActivity id="review" name="Диагностика"><bpmn:extensionElements><zeebe:calledElement processId="sandbox-callee" /></bpmn:extensionElements></bpmn:callActivity>');
    await ok(s, 'PUT', '/api/drafts/caller.bpmn', { content: caller }, admin);

    const run = await ok(s, 'POST', '/api/sandbox/runs', { draft: 'caller.bpmn' }, admin);
    expect(run.instance).toMatchObject({ processKey: 'sandbox-caller', state: 'active', activeElementIds: ['review'] });
    // the called process's task is listed with the run, and done there by its role's test user
    expect(run.tasks).toEqual([expect.objectContaining({ elementId: 'diagnose', name: 'Провести диагностику', actor: expect.objectContaining({ role: 'teacher' }) })]);
    const done = await ok(s, 'POST', `/api/sandbox/runs/${run.instance.id}/tasks/${run.tasks[0].id}/complete`, { variables: {} }, admin);
    expect(done.instance.state).toBe('completed');
    expect(done.history.map((h: any) => h.elementId)).toEqual(expect.arrayContaining(['diagnose', 'review']));
    // the live tenant still has its one version of the called process, and no instance of it
    expect((await ok(s, 'GET', '/api/process-definitions?key=sandbox-callee', undefined, admin)).items).toHaveLength(1);
    expect((await ok(s, 'GET', '/api/tasks?scope=all', undefined, f.tokens.teacher11)).items).toEqual([]);
    // a second run takes the same copy
    const again = await ok(s, 'POST', '/api/sandbox/runs', { draft: 'caller.bpmn' }, admin);
    expect(again.tasks.map((t: any) => t.elementId)).toEqual(['diagnose']);
  });

  test('given a role holder, then the sandbox is forbidden', async () => {
    expect((await s.call('POST', '/api/sandbox/runs', { draft: 'try.bpmn' }, f.tokens.teacher11)).status).toBe(403);
  });
});
