/**
 * `POST /api/deployments` with `dryRun: true`: the same checks as a deployment, nothing stored.
 * - malformed XML, bad FEEL, unknown forms/roles/called processes: 400 with the problems, as the deploy;
 * - a due date «=через 7 дней» (prose read as a variable name) is a problem naming the task, in
 *   Russian, and the real deployment is refused too; a FEEL due date on a form's date field, a
 *   working-days due date and a cron timer pass; a due date that gives text is refused;
 * - a variable only the start can bring is a warning, and sample variables check it;
 * - the answer tells what a deployment would change and how many instances stay on the old version;
 * - all the regulation variants under processes/ pass.
 */
import fs from 'node:fs';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { PROCESSES, variantResources } from '../variants/variant-support.js';

const FORM = {
  id: 'event-form', type: 'default', components: [
    { type: 'datetime', key: 'eventDate', subtype: 'date', label: 'Дата мероприятия', validate: { required: true } },
    { type: 'textfield', key: 'topic', label: 'Тема' },
  ],
};

/** start → «Подготовка» (methodist, event-form, due `due`) → timer `timer` → «Отчёт» (methodist) → end. */
const bpmn = (due: string, opts: { timer?: string; called?: string; key?: string } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${opts.key ?? 'dry-run-process'}" name="Проверка до запуска" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="prepare" name="Подготовка"><bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="methodist" />
      <zeebe:formDefinition formId="event-form" />
      <zeebe:taskSchedule dueDate="${due}" />
    </bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:intermediateCatchEvent id="wait" name="Ожидание"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeCycle>${opts.timer ?? 'R1/PT1H'}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    ${opts.called
    ? `<bpmn:callActivity id="call" name="Подпроцесс"><bpmn:extensionElements><zeebe:calledElement processId="${opts.called}" /></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:callActivity>`
    : `<bpmn:userTask id="report" name="Отчёт"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>`}
    <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare" />
    <bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="${opts.called ? 'call' : 'report'}" />
    <bpmn:sequenceFlow id="f4" sourceRef="${opts.called ? 'call' : 'report'}" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const GOOD_DUE = '=date and time(date(eventDate), time(&quot;18:00:00&quot;))';

describe('deployments: the dry run', () => {
  let s: TestServer;
  let f: TenantFixture;
  let admin: string;
  const ru = { 'accept-language': 'ru' };

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'dry-run');
    admin = f.tokens['t-admin'];
  });
  afterAll(async () => s?.close());

  const dryRun = (resources: { name: string; content: string }[], extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    s.call('POST', '/api/deployments', { name: 'проверка', resources, dryRun: true, ...extra }, admin, headers);
  const withForm = (xml: string) => [{ name: 'p.bpmn', content: xml }, { name: 'event-form.form', content: JSON.stringify(FORM) }];
  const stored = async () => (await ok(s, 'GET', '/api/deployments', undefined, admin)).total as number;

  test('given a good bundle, when dry-run, then 200 with what would change and nothing is stored', async () => {
    const before = await stored();
    const r = await dryRun(withForm(bpmn(GOOD_DUE, { timer: '0 0 9 * * MON' })));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, problems: [], processes: [{ key: 'dry-run-process', changed: true, currentVersion: null, nextVersion: 1, runningInstances: 0 }] });
    expect(await stored()).toBe(before);
    expect((await ok(s, 'GET', '/api/process-definitions?key=dry-run-process', undefined, admin)).total).toBe(0);
  });

  test('given malformed XML or FEEL, when dry-run, then 400 with the same problems the deploy gives', async () => {
    for (const content of ['<bpmn:definitions', bpmn('=date(eventDate')]) {
      const resources = [{ name: 'p.bpmn', content }, { name: 'event-form.form', content: JSON.stringify(FORM) }];
      const dry = await dryRun(resources);
      const real = await s.call('POST', '/api/deployments', { name: 'x', resources }, admin);
      expect(dry.status).toBe(400);
      expect(real.status).toBe(400);
      expect(dry.body.problems.length).toBeGreaterThan(0);
      expect(dry.body.problems).toEqual(real.body.problems);
    }
  });

  test('given «через 7 дней» as a FEEL due date, when dry-run, then a Russian problem names the task; the deploy is refused too', async () => {
    const resources = withForm(bpmn('=через 7 дней'));
    const dry = await dryRun(resources, {}, ru);
    expect(dry.status).toBe(400);
    expect(dry.body.problems).toEqual([expect.objectContaining({ elementId: 'prepare', message: expect.stringContaining('«Подготовка»: срок выполнения «=через 7 дней» — не дата') })]);
    const real = await s.call('POST', '/api/deployments', { name: 'x', resources }, admin, ru);
    expect(real.status).toBe(400);
    expect(real.body.problems).toEqual(dry.body.problems);
    expect((await ok(s, 'GET', '/api/process-definitions?key=dry-run-process', undefined, admin)).total).toBe(0);
  });

  test('given a static due date that is not a date, when dry-run, then the compiler\'s problem names the task in Russian (English keeps its text)', async () => {
    const r = await dryRun(withForm(bpmn('через 7 дней')), {}, ru);
    expect(r.status).toBe(400);
    expect(r.body.problems[0]).toMatchObject({ elementId: 'prepare', message: expect.stringMatching(/^«Подготовка»: срок выполнения «через 7 дней» — не дата/) });
    const en = await dryRun(withForm(bpmn('через 7 дней')));
    expect(en.body.problems[0].message).toBe("dueDate: 'через 7 дней' is not an ISO 8601 date or date-time");
  });

  test('given due dates and timers of the wrong kind, when dry-run, then each is a problem naming its element', async () => {
    const text = await dryRun(withForm(bpmn('=&quot;через неделю&quot;')), {}, ru);
    expect(text.status).toBe(400);
    expect(text.body.problems[0]).toMatchObject({ elementId: 'prepare', message: expect.stringContaining('получается «через неделю», а это не дата') });
    const cron = await dryRun(withForm(bpmn(GOOD_DUE, { timer: '=&quot;0 0 25 * * *&quot;' })), {}, ru);
    expect(cron.status).toBe(400);
    expect(cron.body.problems[0]).toMatchObject({ elementId: 'wait', message: expect.stringContaining('«Ожидание»: таймер (цикл)') });
  });

  test('given a variable only the start brings, when dry-run, then it is a warning; sample variables check it', async () => {
    const r = await dryRun(withForm(bpmn('=deadline')), {}, ru);
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([expect.objectContaining({ elementId: 'prepare', message: expect.stringContaining('«deadline»') })]);
    const sampled = await dryRun(withForm(bpmn('=deadline')), { sampleVariables: { deadline: 'скоро' } }, ru);
    expect(sampled.status).toBe(400);
    expect(sampled.body.problems[0].message).toContain('получается «скоро», а это не дата');
    const good = await dryRun(withForm(bpmn('=deadline')), { sampleVariables: { deadline: '2027-03-01T18:00:00' } });
    expect(good.status).toBe(200);
    expect(good.body.warnings).toEqual([]);
  });

  test('given a message nobody waits for, when dry-run, then it is a warning naming the element', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:message id="m1" name="report-ready" />
  <bpmn:process id="thrower" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="done" name="Отчёт готов"><bpmn:incoming>f1</bpmn:incoming><bpmn:messageEventDefinition messageRef="m1" /></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`;
    const r = await dryRun([{ name: 'thrower.bpmn', content: xml }], {}, ru);
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([expect.objectContaining({ elementId: 'done', message: '«Отчёт готов»: сообщение «report-ready» не ожидает ни один процесс — его получат только внешние системы' })]);
  });

  test('given a call to a process that does not exist, when dry-run, then it is a problem', async () => {
    const r = await dryRun(withForm(bpmn(GOOD_DUE, { called: 'no-such-process' })), {}, ru);
    expect(r.status).toBe(400);
    expect(r.body.problems[0]).toMatchObject({ elementId: 'call', message: '«Подпроцесс»: вызываемый процесс «no-such-process» не развёрнут и не входит в это развёртывание' });
  });

  test('given a running instance, when a changed version is dry-run, then the answer counts the instances that stay on the old version', async () => {
    await deploy(s, f, withForm(bpmn(GOOD_DUE, { key: 'versioned' })));
    await ok(s, 'POST', '/api/process-instances', { processKey: 'versioned' }, f.tokens.methodist11);
    const same = await dryRun(withForm(bpmn(GOOD_DUE, { key: 'versioned' })));
    expect(same.body.processes[0]).toMatchObject({ key: 'versioned', changed: false, currentVersion: 1, nextVersion: 1 });
    const changed = await dryRun(withForm(bpmn('=add working days(today(), 5)', { key: 'versioned' })));
    expect(changed.status).toBe(200);
    expect(changed.body.processes[0]).toMatchObject({ key: 'versioned', changed: true, currentVersion: 1, nextVersion: 2, runningInstances: 1 });
    expect(changed.body.processes[0].currentDefinitionId).toEqual(expect.any(String));
  });

  test('every regulation variant under processes/ passes the dry run', async () => {
    const variants = fs.readdirSync(PROCESSES).filter((d) => fs.existsSync(`${PROCESSES}/${d}/variant.json`));
    expect(variants.length).toBeGreaterThan(2);
    for (const v of variants) {
      const superToken = f.superToken;
      await ok(s, 'POST', '/api/tenants', { key: `dry-${v}`, name: v, timeZone: 'Asia/Kamchatka' }, superToken);
      const r = await s.call('POST', '/api/deployments', { tenant: `dry-${v}`, name: v, resources: variantResources(v), dryRun: true }, superToken);
      expect([v, r.status, r.body.problems]).toEqual([v, 200, []]);
    }
  });
});
