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
});
