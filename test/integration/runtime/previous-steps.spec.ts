/**
 * What came before a task (`GET /api/tasks/:id/previous-steps`): the completed steps of the route,
 * oldest first, with their forms and the values submitted, who and when; the subject's card with
 * the profile fields the variant declares (not the private ones); each read logged as a
 * personal-data access; authorised like the task (404 to anyone who is not offered it). Notifications
 * of a task tell whether it is still open or how it ended.
 */
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="route" name="Маршрут педагога" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="apply" />
    <bpmn:userTask id="apply" name="Заполнить заявку">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="=initiator" />
        <zeebe:formDefinition formId="application" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="apply" targetRef="review" />
    <bpmn:userTask id="review" name="Рассмотреть заявку">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="methodist" />
        <zeebe:formDefinition formId="review" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="approve" />
    <bpmn:userTask id="approve" name="Согласовать">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="municipal" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
const APPLICATION = {
  id: 'application',
  type: 'default',
  components: [
    { type: 'textfield', key: 'topic', label: 'Тема заявки', validate: { required: true } },
    { type: 'checklist', key: 'directions', label: 'Направления', values: [{ value: 'digital', label: 'Цифровые технологии' }, { value: 'methodical', label: 'Методическое' }] },
  ],
};
const REVIEW = { id: 'review', type: 'default', components: [{ type: 'textfield', key: 'decision', label: 'Решение методиста' }] };
const VARIANT = {
  ...FIXTURE_VARIANT,
  profileFields: [
    { key: 'position', name: 'Должность', type: 'text' },
    { key: 'birthDate', name: 'Дата рождения', type: 'date', private: true },
  ],
};

describe('what came before a task', () => {
  let s: TestServer;
  let f: TenantFixture;
  let reviewId = '';
  let approveId = '';
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'route-steps');
    await deploy(s, f, [
      { name: 'variant.json', content: JSON.stringify(VARIANT) },
      { name: 'route.bpmn', content: BPMN },
      { name: 'application.form', content: JSON.stringify(APPLICATION) },
      { name: 'review.form', content: JSON.stringify(REVIEW) },
    ]);
    await ok(s, 'PATCH', `/api/users/${f.users.teacher11}`, { profile: { position: 'учитель математики', birthDate: '1990-05-01' } }, f.tokens['t-admin']);
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'route' }, f.tokens.teacher11);
    const [apply] = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.teacher11)).items;
    await ok(s, 'POST', `/api/tasks/${apply.id}/complete`, { variables: { topic: 'Смысловое чтение', directions: ['digital'] } }, f.tokens.teacher11);
    [{ id: reviewId }] = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items;
  });
  afterAll(async () => {
    await s.close();
  });

  test('given the teacher submitted her application, when her methodist opens the review, then the step comes with its form, values, who and when', async () => {
    const r = await ok(s, 'GET', `/api/tasks/${reviewId}/previous-steps`, undefined, f.tokens.methodist11);
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({
      elementId: 'apply',
      name: 'Заполнить заявку',
      processName: 'Маршрут педагога',
      completedBy: { id: f.users.teacher11, fullName: 'Учитель школы 1-1' },
      form: { id: 'application' },
      values: { topic: 'Смысловое чтение', directions: ['digital'] },
      valuesFrom: 'submitted',
    });
    expect(Number.isNaN(Date.parse(r.steps[0].completedAt))).toBe(false);
  });

  test('the subject card names the person, the organisation and the declared profile fields, never a private one; the read is logged', async () => {
    const before = await ok(s, 'GET', `/api/personal-data-access?subjectId=${f.users.teacher11}`, undefined, f.tokens['t-admin']);
    const r = await ok(s, 'GET', `/api/tasks/${reviewId}/previous-steps`, undefined, f.tokens.methodist11);
    expect(r.subject).toEqual({
      id: f.users.teacher11,
      fullName: 'Учитель школы 1-1',
      orgName: 'Школа 1-1',
      profile: [{ key: 'position', name: 'Должность', type: 'text', value: 'учитель математики' }],
    });
    const after = await ok(s, 'GET', `/api/personal-data-access?subjectId=${f.users.teacher11}`, undefined, f.tokens['t-admin']);
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ actorId: f.users.methodist11, endpoint: 'GET /api/tasks/:id/previous-steps' });
  });

  test('two steps later the municipal service reads both, oldest first', async () => {
    await ok(s, 'POST', `/api/tasks/${reviewId}/complete`, { variables: { decision: 'Согласовать' } }, f.tokens.methodist11);
    const [approve] = (await ok(s, 'GET', '/api/tasks', undefined, f.tokens.municipal1)).items;
    approveId = approve.id;
    const r = await ok(s, 'GET', `/api/tasks/${approveId}/previous-steps`, undefined, f.tokens.municipal1);
    expect(r.steps.map((x: { elementId: string }) => x.elementId)).toEqual(['apply', 'review']);
    expect(r.steps[1]).toMatchObject({ completedBy: { fullName: 'Методист школы 1-1' }, values: { decision: 'Согласовать' }, form: { id: 'review' } });
  });

  test('a notification of a task that ended tells how it ended; one of an open task says it is open', async () => {
    const mine = (await ok(s, 'GET', '/api/notifications', undefined, f.tokens.methodist11)).items;
    expect(mine.find((n: { taskId: string }) => n.taskId === reviewId).task).toEqual({ state: 'completed', at: expect.any(String), byName: 'Методист школы 1-1' });
    const theirs = (await ok(s, 'GET', '/api/notifications', undefined, f.tokens.municipal1)).items;
    expect(theirs.find((n: { taskId: string }) => n.taskId === approveId).task).toEqual({ state: 'open' });
  });

  test('anyone the task is not offered to gets 404 and nothing is logged; a closed task is 409 to those who see its instance', async () => {
    const before = await ok(s, 'GET', `/api/personal-data-access?subjectId=${f.users.teacher11}`, undefined, f.tokens['t-admin']);
    for (const who of ['municipal2', 'methodist12', 'teacher12']) {
      const r = await s.call('GET', `/api/tasks/${approveId}/previous-steps`, undefined, f.tokens[who]);
      expect([who, r.status]).toEqual([who, 404]);
    }
    expect((await s.call('GET', `/api/tasks/${reviewId}/previous-steps`, undefined, f.tokens.methodist11)).status).toBe(409);
    expect((await s.call('GET', '/api/tasks/not-a-uuid/previous-steps', undefined, f.tokens.methodist11)).status).toBe(404);
    const after = await ok(s, 'GET', `/api/personal-data-access?subjectId=${f.users.teacher11}`, undefined, f.tokens['t-admin']);
    expect(after.length).toBe(before.length);
  });

  test('the instance’s steps (`GET /api/process-instances/:id/steps`): the same filled-in steps to its supervisor, 404 to anyone who may not see it', async () => {
    const [instanceId] = (await ok(s, 'GET', '/api/tasks', undefined, f.tokens.municipal1)).items.map((t: { processInstanceId: string }) => t.processInstanceId);
    const r = await ok(s, 'GET', `/api/process-instances/${instanceId}/steps`, undefined, f.tokens.supervisor1);
    expect(r.steps.map((x: { elementId: string }) => x.elementId)).toEqual(['apply', 'review']);
    expect(r.steps[0]).toMatchObject({ form: { id: 'application' }, values: { topic: 'Смысловое чтение', directions: ['digital'] }, completedBy: { fullName: 'Учитель школы 1-1' } });
    expect(r.subject).toBeUndefined();
    for (const who of ['municipal2', 'teacher12']) {
      expect([who, (await s.call('GET', `/api/process-instances/${instanceId}/steps`, undefined, f.tokens[who])).status]).toEqual([who, 404]);
    }
    expect((await s.call('GET', '/api/process-instances/not-a-uuid/steps', undefined, f.tokens.supervisor1)).status).toBe(404);
  });
});
