import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const LISTS = [
  { key: 'event-formats', name: 'Форматы мероприятий', items: [{ value: 'seminar', label: 'Семинар' }, { value: 'course', label: 'Курсы ПК' }] },
  { key: 'journals', name: 'Журналы', items: [{ value: 'j1', label: 'Вестник' }] },
];
const variant = (lists = LISTS) => ({ name: 'variant.json', content: JSON.stringify({ ...FIXTURE_VARIANT, referenceLists: lists }) });

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="plan-event" name="Планирование мероприятия" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="choose" />
    <bpmn:userTask id="choose" name="Выбор формата">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="methodist" />
        <zeebe:formDefinition formId="choose-format" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="choose" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
const FORM = {
  id: 'choose-format',
  type: 'default',
  components: [
    { type: 'select', key: 'format', label: 'Формат', valuesKey: 'event-formats', validate: { required: true } },
    { type: 'dynamiclist', path: 'events', label: 'Мероприятия', components: [{ type: 'select', key: 'eventFormat', label: 'Формат', valuesKey: 'event-formats' }] },
  ],
};

/** A second tenant with one administrator and one teacher (usernames are global: prefixed). */
async function otherTenant(s: TestServer): Promise<{ tokens: Record<string, string> }> {
  const superToken = await s.login('admin', TEST_ADMIN_PASSWORD);
  await ok(s, 'POST', '/api/tenants', { key: 'other-region', name: 'Другой регион', timeZone: 'Europe/Moscow' }, superToken);
  await ok(s, 'POST', '/api/deployments', { tenant: 'other-region', name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, superToken);
  const region = (await ok(s, 'POST', '/api/organizations', { tenant: 'other-region', name: 'Регион', level: 'region' }, superToken)).id;
  const school = (await ok(s, 'POST', '/api/organizations', { tenant: 'other-region', name: 'Школа', level: 'school', parentId: region }, superToken)).id;
  const tokens: Record<string, string> = {};
  for (const [username, orgId, role] of [['o-admin', region, 'admin'], ['o-teacher', school, 'teacher']]) {
    await ok(s, 'POST', '/api/users', { tenant: 'other-region', username, password: 'password-123', fullName: username, memberships: [{ orgId, role }] }, superToken);
    tokens[username] = await s.login(username, 'password-123');
  }
  return { tokens };
}

/**
 * Reference lists: seeded from the variant file on first read, then edited by the tenant's
 * administrators without a release; forms get them as options and the server accepts their values.
 */
describe('reference lists (справочники)', () => {
  let s: TestServer;
  let f: TenantFixture;
  let other: { tokens: Record<string, string> };
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s);
    other = await otherTenant(s);
    await deploy(s, f, [variant(), { name: 'plan-event.bpmn', content: BPMN }, { name: 'forms/choose-format.form', content: JSON.stringify(FORM) }]);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('given a variant declaring lists, when a user of the tenant reads them, then they are seeded from the variant', async () => {
    const all = await ok(s, 'GET', '/api/reference-lists', undefined, f.tokens.teacher11);
    expect(all.total).toBe(2);
    expect(all.items.map((l: any) => ({ key: l.key, name: l.name, items: l.items }))).toEqual(LISTS);
    const one = await ok(s, 'GET', '/api/reference-lists/event-formats', undefined, f.tokens.methodist11);
    expect(one).toMatchObject({ key: 'event-formats', name: 'Форматы мероприятий', items: LISTS[0].items, updatedBy: null });
    const missing = await s.call('GET', '/api/reference-lists/no-such-list', undefined, f.tokens.teacher11);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('no-such-list');
    // another tenant has none of them; the superadmin must name the tenant
    expect((await ok(s, 'GET', '/api/reference-lists', undefined, other.tokens['o-teacher'])).total).toBe(0);
    expect((await s.call('GET', '/api/reference-lists', undefined, f.superToken)).status).toBe(400);
    expect((await ok(s, 'GET', `/api/reference-lists?tenant=${f.tenantKey}`, undefined, f.superToken)).total).toBe(2);
  });

  test('only a tenant administrator edits a list; duplicate values and empty labels are refused, naming the item', async () => {
    const items = [{ value: 'seminar', label: 'Семинар' }, { value: 'webinar', label: 'Вебинар' }];
    expect((await s.call('PUT', '/api/reference-lists/event-formats', { items }, f.tokens.methodist11)).status).toBe(403);
    expect((await s.call('PUT', '/api/reference-lists/event-formats', { items }, other.tokens['o-admin'])).status).toBe(200);
    // …that was the other tenant's own new list; this tenant's list is unchanged
    expect((await ok(s, 'GET', '/api/reference-lists/event-formats', undefined, f.tokens.teacher11)).items).toEqual(LISTS[0].items);

    const dup = await s.call('PUT', '/api/reference-lists/event-formats', { items: [...items, { value: 'seminar', label: 'Ещё семинар' }] }, f.tokens['t-admin']);
    expect(dup.status).toBe(400);
    expect(dup.body.message).toContain('items.2.value');
    expect(JSON.stringify(dup.body)).toContain('seminar');
    const blank = await s.call('PUT', '/api/reference-lists/event-formats', { items: [{ value: 'x', label: '   ' }] }, f.tokens['t-admin']);
    expect(blank.status).toBe(400);
    expect(blank.body.message).toContain('items.0.label');
    const noLabel = await s.call('PUT', '/api/reference-lists/event-formats', { items: [{ value: 'x' }] }, f.tokens['t-admin']);
    expect(noLabel.status).toBe(400);
    expect(JSON.stringify(noLabel.body)).toContain('label');
    expect((await s.call('PUT', '/api/reference-lists/event-formats', { items: 'seminar' }, f.tokens['t-admin'])).status).toBe(400);

    const saved = await ok(s, 'PUT', '/api/reference-lists/event-formats', { name: 'Форматы (ред.)', items }, f.tokens['t-admin']);
    expect(saved).toMatchObject({ key: 'event-formats', name: 'Форматы (ред.)', items, updatedBy: f.users['t-admin'], updatedByName: 'Администратор региона' });
    expect((await ok(s, 'GET', '/api/reference-lists/event-formats', undefined, f.tokens.teacher11)).items).toEqual(items);
  });

  test('a later deployment of the variant does not overwrite the edited list; a newly declared list is seeded', async () => {
    await deploy(s, f, [variant([...LISTS, { key: 'regions', name: 'Районы', items: [{ value: 'r1', label: 'Район 1' }] }])]);
    const all = await ok(s, 'GET', '/api/reference-lists', undefined, f.tokens.teacher11);
    expect(all.items.map((l: any) => l.key)).toEqual(['event-formats', 'journals', 'regions']);
    expect(all.items[0].items.map((i: any) => i.value)).toEqual(['seminar', 'webinar']);
  });

  test('given a form with valuesKey, the task carries the lists and the options; the server accepts exactly the list values', async () => {
    await ok(s, 'POST', '/api/process-instances', { processKey: 'plan-event' }, f.tokens.teacher11);
    const inbox = await ok(s, 'GET', '/api/tasks', undefined, f.tokens.methodist11);
    const task = await ok(s, 'GET', `/api/tasks/${inbox.items[0].id}`, undefined, f.tokens.methodist11);
    expect(task.context.variables['event-formats']).toEqual([{ value: 'seminar', label: 'Семинар' }, { value: 'webinar', label: 'Вебинар' }]);
    // lists the form does not use are not put into the variables, but all lists come with the task
    expect(task.context.variables.journals).toBeUndefined();
    expect(task.context.referenceLists.map((l: any) => l.key)).toEqual(['event-formats', 'journals', 'regions']);

    const removed = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { format: 'course' } }, f.tokens.methodist11);
    expect(removed.status).toBe(400);
    expect(Object.keys(removed.body.fields)).toEqual(['format']);
    const badRow = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { format: 'webinar', events: [{ eventFormat: 'seminar' }, { eventFormat: 'party' }] } }, f.tokens.methodist11);
    expect(badRow.status).toBe(400);
    expect(Object.keys(badRow.body.fields)).toEqual(['events.1.eventFormat']);
    // 'webinar' exists only in the edited list, not in the variant file or the form
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: { format: 'webinar', events: [{ eventFormat: 'seminar' }] } }, f.tokens.methodist11);
  });
});
