import { createTenantFixture, deploy, ok, resourcesBeside } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const file = resourcesBeside(import.meta.url);

describe('user task through the API: candidates by role and organisation, form validation, completion', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s);
    await deploy(s, f, [file('user-task.happy-path.bpmn'), file('interview.form')]);
  });
  afterAll(async () => {
    await s.close();
  });

  test('given a teacher starts the process, then her school methodist gets the task and nobody else', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'review', variables: { teacher: 'Иванова' } }, f.tokens.teacher11);
    expect(inst).toMatchObject({ processKey: 'review', version: 1, state: 'active', orgId: f.orgs.school11, activeElementIds: ['review-task'] });

    const inbox = await ok(s, 'GET', '/api/tasks?scope=candidate', undefined, f.tokens.methodist11);
    const task = inbox.items.find((t: any) => t.processInstanceId === inst.id);
    expect(task).toMatchObject({ name: 'Собеседование с педагогом', elementId: 'review-task', candidateRoles: ['methodist'], orgId: f.orgs.school11, formId: 'interview' });
    // due in 14 days from the engine clock
    expect(new Date(task.dueAt).getTime() - new Date(task.createdAt).getTime()).toBe(14 * 86_400_000);

    const other = await ok(s, 'GET', '/api/tasks?scope=all', undefined, f.tokens.methodist12);
    expect(other.items.find((t: any) => t.processInstanceId === inst.id)).toBeUndefined();
    expect((await s.call('GET', `/api/tasks/${task.id}`, undefined, f.tokens.methodist12)).status).toBe(404);
    expect((await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'x' } }, f.tokens.methodist12)).status).toBe(404);

    // The form is validated on the server: the required field is named, nothing moves.
    const bad = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { difficulties: true } }, f.tokens.methodist11);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(['topic']);
    expect(bad.body).toMatchObject({ message: 'the form has errors: Тема: required', code: 'form.invalid', fields: { topic: ['Тема: required'] } });
    // Russian by default and when asked: the field named by its label, not its key
    for (const headers of [{ 'accept-language': 'ru-RU,ru;q=0.9' }, { 'accept-language': '' }]) {
      const ru = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { difficulties: true } }, f.tokens.methodist11, headers);
      expect(ru.body).toMatchObject({ message: 'В форме есть ошибки: «Тема» — обязательное поле', fields: { topic: ['«Тема» — обязательное поле'] } });
    }
    const notFound = await s.call('GET', '/api/tasks/00000000-0000-4000-8000-000000000000', undefined, f.tokens.methodist11, { 'accept-language': 'ru' });
    expect(notFound.body).toMatchObject({ statusCode: 404, code: 'task.notFound', message: 'Задача 00000000-0000-4000-8000-000000000000 не найдена' });
    const badQuery = await s.call('GET', '/api/tasks?size=0', undefined, f.tokens.methodist11, { 'accept-language': 'ru' });
    expect(badQuery.body).toMatchObject({ statusCode: 400, message: 'Неверные поля: size (не меньше 1)', fields: { size: ['не меньше 1'] } });
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11)).activeElementIds).toEqual(['review-task']);

    // Completing with difficulties routes to the municipal service of the school's municipality.
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'ИКТ', difficulties: true } }, f.tokens.methodist11);
    const again = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'ИКТ' } }, f.tokens.methodist11);
    expect([404, 409]).toContain(again.status);

    const mun = await ok(s, 'GET', '/api/tasks', undefined, f.tokens.municipal1);
    const mtask = mun.items.find((t: any) => t.processInstanceId === inst.id);
    // The task belongs to the instance's organisation (the school); it is offered at the municipality.
    expect(mtask).toMatchObject({ elementId: 'municipal-task', orgId: f.orgs.school11, candidateRoles: ['municipal'] });
    expect((await ok(s, 'GET', '/api/tasks', undefined, f.tokens.municipal2)).items.find((t: any) => t.processInstanceId === inst.id)).toBeUndefined();

    await ok(s, 'POST', `/api/tasks/${mtask.id}/claim`, undefined, f.tokens.municipal1);
    await ok(s, 'POST', `/api/tasks/${mtask.id}/complete`, { variables: {} }, f.tokens.municipal1);
    const done = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11);
    expect(done).toMatchObject({ state: 'completed', activeElementIds: [], variables: { teacher: 'Иванова', topic: 'ИКТ', difficulties: true, initiator: f.users.teacher11 } });

    const history = await ok(s, 'GET', `/api/process-instances/${inst.id}/history`, undefined, f.tokens.teacher11);
    const completedBy = history.items.filter((h: any) => h.type === 'taskCompleted').map((h: any) => h.userId);
    expect(completedBy).toEqual([f.users.methodist11, f.users.municipal1]);
  });

  test('two clients completing the same task at once: exactly one succeeds, the other gets 409', async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'review' }, f.tokens.teacher11);
    const task = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
    const results = await Promise.all([1, 2, 3].map(() => s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'race' } }, f.tokens.methodist11)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const history = await ok(s, 'GET', `/api/process-instances/${inst.id}/history`, undefined, f.tokens.teacher11);
    expect(history.items.filter((h: any) => h.type === 'taskCompleted')).toHaveLength(1);
  });

  test('deploying the same content again makes no new version; changed content makes version 2', async () => {
    const same = await deploy(s, f, [file('user-task.happy-path.bpmn')]);
    expect(same.processDefinitions).toEqual([expect.objectContaining({ key: 'review', version: 1, isNew: false })]);
    const changed = file('user-task.happy-path.bpmn');
    changed.content = changed.content.replace('Рассмотрение', 'Рассмотрение v2');
    const v2 = await deploy(s, f, [changed]);
    expect(v2.processDefinitions).toEqual([expect.objectContaining({ key: 'review', version: 2, isNew: true })]);
  });

  test('a bad deployment is refused with every problem named and nothing stored', async () => {
    const bad = file('user-task.happy-path.bpmn');
    bad.content = bad.content.replace('candidateGroups="municipal"', 'candidateGroups="nobody"').replace('=difficulties = true', '=difficulties = (true');
    const r = await s.call('POST', '/api/deployments', { name: 'bad', resources: [bad, { name: 'x.txt', content: 'x' }] }, f.tokens['t-admin']);
    expect(r.status).toBe(400);
    const msgs = r.body.problems.map((p: any) => `${p.resource}:${p.elementId ?? ''}`);
    expect(msgs).toEqual(expect.arrayContaining(['x.txt:']));
    expect(r.body.problems.length).toBeGreaterThanOrEqual(2);
    const defs = await ok(s, 'GET', '/api/process-definitions?key=review', undefined, f.tokens['t-admin']);
    expect(defs.items.map((d: any) => d.version)).toEqual([2, 1]);
  });

  test('a date field that refuses passed dates: a day before the tenant\'s today is refused in Russian, today passes', async () => {
    const form = { id: 'event-date', type: 'default', components: [
      { type: 'datetime', key: 'heldOn', subtype: 'date', dateLabel: 'Дата проведения', label: 'Дата проведения', disallowPassedDates: true, validate: { required: true } },
    ] };
    const xml = file('user-task.happy-path.bpmn').content.replace(/id="review"/, 'id="event-date-process"').replace(/formId="interview"/, 'formId="event-date"');
    await deploy(s, f, [{ name: 'event-date.bpmn', content: xml }, { name: 'event-date.form', content: JSON.stringify(form) }]);
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'event-date-process' }, f.tokens.teacher11);
    const task = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
    // the tenant's today, by its clock in its zone (Asia/Kamchatka)
    const clock = await ok(s, 'GET', '/api/clock', undefined, f.tokens['t-admin']);
    const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: clock.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(Date.parse(clock.now) + offset * 86_400_000));
    const past = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { heldOn: day(-1) } }, f.tokens.methodist11, { 'accept-language': 'ru' });
    expect(past.status).toBe(400);
    expect(past.body.fields).toEqual({ heldOn: ['«Дата проведения» — дата не может быть раньше сегодняшней'] });
    expect((await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11)).state).toBe('active');
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: { heldOn: day(0) } }, f.tokens.methodist11);
  });
});
