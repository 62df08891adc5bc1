import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(here, file), 'utf8');
const RU = { 'accept-language': 'ru' };

// Issue #17: a task completion with {"variables":{"initiator":"someone-else"}} overwrote the
// initiator, so a later assignee="=initiator" could be redirected by any earlier candidate.
describe('reserved variables cannot be written from outside: 400 naming them, nothing written', () => {
  let s: TestServer;
  let f: TenantFixture;
  let admin: string;

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'reserved');
    admin = f.tokens['t-admin'];
    await deploy(s, f, [{ name: 'review.bpmn', content: read('user-task.happy-path.bpmn') }, { name: 'interview.form', content: read('interview.form') }]);
  });
  afterAll(async () => {
    await s.close();
  });

  const started = async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'review' }, f.tokens.teacher11);
    const task = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
    return { inst, task };
  };
  const variablesOf = async (id: string) => (await ok(s, 'GET', `/api/process-instances/${id}`, undefined, admin)).variables;

  test('a task completion writing initiator is refused in Russian naming it; the task stays open and initiator unchanged', async () => {
    const { inst, task } = await started();
    const before = await variablesOf(inst.id);
    expect(before.initiator).toBe(f.users.teacher11);
    const r = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'ИКТ', initiator: f.users.methodist11 } }, f.tokens.methodist11, RU);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/Переменные «initiator» задаёт сам сервер/);
    expect(r.body.variables).toEqual(['initiator']);
    expect((await ok(s, 'GET', `/api/tasks/${task.id}`, undefined, f.tokens.methodist11)).id).toBe(task.id);
    expect(await variablesOf(inst.id)).toEqual(before);
    // the same completion without it goes through
    await ok(s, 'POST', `/api/tasks/${task.id}/complete`, { variables: { topic: 'ИКТ' } }, f.tokens.methodist11);
    expect(await variablesOf(inst.id)).toMatchObject({ initiator: f.users.teacher11, topic: 'ИКТ' });
  });

  test('set-variables, a message and a signal writing subject or initiator are refused naming them; nothing is written', async () => {
    const { inst } = await started();
    const before = await variablesOf(inst.id);
    const put = await s.call('PUT', `/api/process-instances/${inst.id}/variables`, { variables: { note: 'x', subject: 'someone' } }, admin, RU);
    expect(put.status).toBe(400);
    expect(put.body.message).toMatch(/«subject»/);
    const message = await s.call('POST', '/api/messages', { name: 'any', correlationKey: 'k', variables: { initiator: 'x', subject: 'y' } }, admin);
    expect(message.status).toBe(400);
    expect(message.body.message).toMatch(/«initiator», «subject»/);
    expect(message.body.code).toBe('variables.reserved');
    const signal = await s.call('POST', '/api/signals', { name: 'any', variables: { initiator: 'x' } }, admin);
    expect(signal.status).toBe(400);
    expect(await variablesOf(inst.id)).toEqual(before);
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });

  describe('a diagram or form that would write a reserved variable is refused at deploy, naming the element or field', () => {
    const flow = (id: string, task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" name="Зарезервированные" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    ${task}
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="t2" />
    <bpmn:userTask id="t2" name="Вторая"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=initiator" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="t2" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const definitions = async () => (await ok(s, 'GET', '/api/process-definitions', undefined, admin)).items.length;

    test.each([
      ['an output mapping to initiator (a form field routed into it)', 'out-initiator',
        '<bpmn:userTask id="t1" name="Анкета"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /><zeebe:ioMapping><zeebe:output source="=nextOwner" target="initiator" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>',
        /«Анкета»: выход \("output mapping"\) пишет в переменную «initiator», которую задаёт сам сервер/],
      ['an output mapping to a path under subject', 'out-subject',
        '<bpmn:userTask id="t1" name="Анкета"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=1" target="subject.id" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>',
        /переменную «subject\.id»/],
      ['a script result variable initiator', 'script-initiator',
        '<bpmn:scriptTask id="t1" name="Скрипт"><bpmn:extensionElements><zeebe:script expression="=&quot;x&quot;" resultVariable="initiator" /></bpmn:extensionElements></bpmn:scriptTask>',
        /«Скрипт»: переменная результата скрипта пишет в переменную «initiator»/],
    ])('%s → 400, nothing deployed', async (_name, id, task, message) => {
      const before = await definitions();
      const r = await s.call('POST', '/api/deployments', { name: id, resources: [{ name: `${id}.bpmn`, content: flow(id, task) }] }, admin, RU);
      expect(r.status).toBe(400);
      expect(r.body.problems).toEqual([expect.objectContaining({ resource: `${id}.bpmn`, elementId: 't1', message: expect.stringMatching(message) })]);
      expect(await definitions()).toBe(before);
    });

    test('a form with a field keyed initiator (also inside a group without a path) → 400 naming the key; under a path it is fine', async () => {
      const form = (components: unknown[]) => JSON.stringify({ id: 'reserved-form', type: 'default', components });
      const xml = flow('form-initiator', '<bpmn:userTask id="t1" name="Форма"><bpmn:extensionElements><zeebe:formDefinition formId="reserved-form" /></bpmn:extensionElements></bpmn:userTask>');
      const before = await definitions();
      for (const components of [
        [{ type: 'textfield', key: 'initiator', label: 'Кто' }],
        [{ type: 'group', label: 'Группа', components: [{ type: 'textfield', key: 'loopCounter', label: 'Номер' }] }],
      ]) {
        const r = await s.call('POST', '/api/deployments', { name: 'f', resources: [{ name: 'f.bpmn', content: xml }, { name: 'reserved-form.form', content: form(components) }] }, admin, RU);
        expect(r.status).toBe(400);
        expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'reserved-form.form', message: expect.stringMatching(/Поле формы «(initiator|loopCounter)» записало бы переменную, которую задаёт сам сервер/) })]));
      }
      expect(await definitions()).toBe(before);
      const nested = [{ type: 'group', label: 'Группа', path: 'review', components: [{ type: 'textfield', key: 'initiator', label: 'Кто' }] }];
      expect((await s.call('POST', '/api/deployments', { name: 'f', resources: [{ name: 'f.bpmn', content: xml }, { name: 'reserved-form.form', content: form(nested) }] }, admin)).status).toBe(201);
    });
  });
});
