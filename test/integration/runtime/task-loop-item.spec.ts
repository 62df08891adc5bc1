/**
 * A task inside a loop over a collection («for each event of the teacher's plan»): `GET /api/tasks/:id`
 * says which item of which collection it is for (`loopItems`), and its form sees the item's
 * variable (`event`) — so that two tasks of the same step for the same teacher can be told apart.
 */
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="plan-route" name="План мероприятий" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="plan" />
    <bpmn:userTask id="plan" name="Составить план">
      <bpmn:extensionElements><zeebe:assignmentDefinition assignee="=initiator" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="plan" targetRef="per-event" />
    <bpmn:subProcess id="per-event" name="Мероприятие">
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=events" inputElement="event" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="s-start" />
      <bpmn:sequenceFlow id="s1" sourceRef="s-start" targetRef="prepare" />
      <bpmn:userTask id="prepare" name="Помощь в подготовке мероприятия">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:sequenceFlow id="s2" sourceRef="prepare" targetRef="s-end" />
      <bpmn:endEvent id="s-end" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f3" sourceRef="per-event" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
const EVENTS = [
  { eventType: 'open-lesson', topic: 'Смысловое чтение на уроках математики', plannedDate: '2026-12-10' },
  { eventType: 'round-table', topic: 'Функциональная грамотность', plannedDate: '2027-02-18' },
];

describe('a task inside a loop: which item it is for', () => {
  let s: TestServer;
  let f: TenantFixture;
  let instanceId = '';
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'loop-item');
    await deploy(s, f, [{ name: 'plan-route.bpmn', content: BPMN }]);
    instanceId = (await ok(s, 'POST', '/api/process-instances', { processKey: 'plan-route' }, f.tokens.teacher11)).id;
    const [plan] = (await ok(s, 'GET', `/api/tasks?processInstanceId=${instanceId}`, undefined, f.tokens.teacher11)).items;
    // the task before the loop is in no loop
    expect((await ok(s, 'GET', `/api/tasks/${plan.id}`, undefined, f.tokens.teacher11)).loopItems).toEqual([]);
    await ok(s, 'POST', `/api/tasks/${plan.id}/complete`, { variables: { events: EVENTS } }, f.tokens.teacher11);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('each of the two tasks names its own event, which of how many, and its form sees it as `event`', async () => {
    const listed = (await ok(s, 'GET', `/api/tasks?processInstanceId=${instanceId}`, undefined, f.tokens.methodist11)).items;
    expect(listed.map((t: any) => t.elementId)).toEqual(['prepare', 'prepare']);
    const opened = await Promise.all(listed.map((t: any) => ok(s, 'GET', `/api/tasks/${t.id}`, undefined, f.tokens.methodist11)));
    const byIndex = opened.sort((a: any, b: any) => a.loopItems[0].index - b.loopItems[0].index);
    expect(byIndex.map((t: any) => t.loopItems)).toEqual([
      [{ element: 'event', collection: 'events', index: 0, total: 2, value: EVENTS[0] }],
      [{ element: 'event', collection: 'events', index: 1, total: 2, value: EVENTS[1] }],
    ]);
    expect(byIndex.map((t: any) => t.context.variables.event)).toEqual(EVENTS);
    expect(byIndex[1].context.variables).toMatchObject({ events: EVENTS, loopCounter: 2 });
    // nothing of the engine's own state leaks into the answer
    expect(byIndex[0].context.instance.engineState).toBeUndefined();
    expect(byIndex[0].executionId).toBeUndefined();
  });
});
