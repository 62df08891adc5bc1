/**
 * The designer in a real browser (Debian chromium) against a real server and PostgreSQL:
 * - an administrator builds a process from an empty diagram (start → a user task for a role picked
 *   from the variant, due in 14 days through the date aid → end), saves a draft that survives a
 *   reload, deploys it; a teacher starts it and the task lands in her school methodist's inbox;
 * - a diagram with a user task without a role shows the lint error on that task and is not deployed;
 * - a MIWG reference model imports and renders;
 * - the comparison of two versions marks the changed task on both diagrams;
 * - the form editor and the sandbox open (screenshots).
 * Screenshots: test-results/screenshots/designer-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../server/src/config/app-config.js';
import { createTenantFixture, deploy, ok } from '../support/fixtures.js';
import type { TenantFixture } from '../support/fixtures.js';
import { launchBrowser, login, newPage, screenshot } from '../support/browser.js';
import type { TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const MIWG_DIR = path.join(repoRoot(), 'test/fixtures/miwg');

const NO_ROLE_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="d" targetNamespace="t">
  <bpmn:process id="no-role" name="Без роли" isExecutable="true">
    <bpmn:startEvent id="start" name="Старт"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="orphan-task" name="Задача без роли"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end" name="Конец"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="orphan-task" />
    <bpmn:sequenceFlow id="f2" sourceRef="orphan-task" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="no-role">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="task_di" bpmnElement="orphan-task"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const reviewBpmn = (role: string, name: string) => NO_ROLE_BPMN
  .replace('id="no-role" name="Без роли"', 'id="review-cycle" name="Цикл проверки"')
  .replace('bpmnElement="no-role"', 'bpmnElement="review-cycle"')
  .replace('<bpmn:userTask id="orphan-task" name="Задача без роли">',
    `<bpmn:userTask id="orphan-task" name="${name}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${role}" /></bpmn:extensionElements>`);

/** start → wait 7 days (timer) → a methodist's task → end, with its diagram. */
const TIMER_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="d" targetNamespace="t">
  <bpmn:process id="timer-try" name="Пауза и проверка" isExecutable="true">
    <bpmn:startEvent id="start" name="Старт"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wait" name="Неделя"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="check" name="Проверка"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end" name="Конец"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="check" />
    <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="timer-try">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="wait_di" bpmnElement="wait"><dc:Bounds x="242" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="check_di" bpmnElement="check"><dc:Bounds x="330" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="482" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="242" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="278" y="120" /><di:waypoint x="330" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="430" y="120" /><di:waypoint x="482" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('browser: the designer', () => {
  let s: TestServer;
  let f: TenantFixture;
  const browsers: TestBrowser[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'designer-browser');
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.close();
  });

  async function pageAs(username: string): Promise<Page & { errors: string[] }> {
    const b = await launchBrowser();
    browsers.push(b);
    const page = await newPage(b);
    await login(page, s.url, username, 'password-123');
    return page;
  }

  /** Clicks an element of the canvas by its BPMN id. */
  const shape = (page: Page, id: string) => page.locator(`.djs-element[data-element-id="${id}"]`).first();

  /** Waits until the text of the first element matching `selector` matches `re`. */
  async function waitText(page: Page, selector: string, re: RegExp): Promise<string> {
    const match = page.locator(selector).filter({ hasText: re }).first();
    await match.waitFor();
    return (await match.textContent()) ?? '';
  }

  async function uploadDiagram(page: Page, name: string, content: string) {
    await page.locator('[data-test="file-input"]').setInputFiles({ name, mimeType: 'application/xml', buffer: Buffer.from(content) });
  }

  test('an administrator builds start → user task for a role, due in 14 days → end; saves a draft, deploys; the task reaches the methodist', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/processes`);
    await page.locator('[data-test="variant"]').first().waitFor();
    await screenshot(page, 'designer-home');
    await page.locator('[data-test="new-diagram"]').click();
    await page.waitForURL(/\/processes\/new/);
    await shape(page, 'StartEvent_1').waitFor();

    // start → task (named) → user task by the replace menu → end
    await shape(page, 'StartEvent_1').click();
    await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
    await page.keyboard.type('Собеседование с педагогом');
    // a click on empty canvas ends the label editing
    const box = (await page.locator('[data-test="canvas"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 120);
    const task = page.locator('.djs-element.djs-shape[data-element-id^="Activity_"]').first();
    await task.click();
    await page.locator('.djs-context-pad [data-action="replace"]').click();
    await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
    const userTask = page.locator('.djs-element.djs-shape[data-element-id^="Activity_"]').first();
    const taskId = (await userTask.getAttribute('data-element-id'))!;
    // the replaced task stays selected with its context pad open
    await page.locator('.djs-context-pad.open [data-action="append.end-event"]').click();

    // before a role is picked, the lint marks the task
    await waitText(page, '[data-test="lint-summary"]', /ошибок [1-9]/);

    // the role from the variant, the due date from the examples (with its date for a sample start)
    await userTask.click({ position: { x: 12, y: 70 } });
    await page.locator('.bio-properties-panel-header-type').filter({ hasText: 'Пользовательская задача' }).waitFor();
    const assignment = page.locator('[data-group-id="group-assignmentDefinition"]');
    await assignment.locator('.bio-properties-panel-group-header').click();
    const roleSelect = page.locator('select[name="pdCandidateRole"]');
    await roleSelect.waitFor();
    const roleOptions = await roleSelect.locator('option').allTextContents();
    expect(roleOptions.some((o) => o.includes('Методист ОО (methodist'))).toBe(true);
    await roleSelect.selectOption('methodist');
    await page.locator('.pd-example[data-value="=now() + duration(\\"P14D\\")"]').click();
    await waitText(page, '[data-test="date-preview"]', /→ \d+ \S+ \d{4}/);
    await waitText(page, '[data-test="lint-summary"]', /ошибок 0/);
    await screenshot(page, 'designer-modeler-built');

    // a draft on the server survives a reload
    await page.locator('[data-test="save-draft"]').click();
    await page.waitForURL(/\/processes\/drafts\//);
    await page.reload();
    await shape(page, taskId).waitFor();
    expect(await page.locator('[data-test="draft-name"]').textContent()).toContain('.bpmn');
    const drafts = await ok(s, 'GET', '/api/drafts', undefined, f.tokens['t-admin']);
    expect(drafts.items.filter((d: any) => d.kind === 'bpmn')).toHaveLength(1);

    await page.locator('[data-test="deploy"]').click();
    // the confirmation summarises the change (a new process here) before anything is stored
    await page.locator('[data-test="deploy-confirm"]').getByText('новый процесс').waitFor();
    await page.locator('[data-test="confirm-deploy"]').click();
    await waitText(page, '[data-test="notice"]', /версия 1/);
    await screenshot(page, 'designer-deployed');
    const defs = await ok(s, 'GET', '/api/process-definitions?latest=true', undefined, f.tokens['t-admin']);
    expect(defs.items).toHaveLength(1);
    const key = defs.items[0].key as string;
    expect(defs.items[0].deployedBy).toBe('t-admin');

    // a teacher starts it through the start page; the task goes to her school's methodist, due in 14 days
    const teacher = await pageAs('teacher11');
    await teacher.goto(`${s.url}/start`);
    const row = teacher.locator(`[data-process-key="${key}"]`);
    await row.waitFor();
    await row.locator('[data-test="start"]').click();
    // the start page asks for a confirmation that says what will happen
    await teacher.locator('[data-test="start-confirm-yes"]').click();
    await teacher.locator('[data-test="notice"]').waitFor();

    const methodist = await pageAs('methodist11');
    await methodist.goto(`${s.url}/inbox`);
    await methodist.locator('[data-test="task-row"]').filter({ hasText: 'Собеседование с педагогом' }).waitFor();
    await screenshot(methodist, 'designer-task-in-inbox');
    const tasks = await ok(s, 'GET', '/api/tasks?scope=all', undefined, f.tokens.methodist11);
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0]).toMatchObject({ elementId: taskId, candidateRoles: ['methodist'] });
    expect(new Date(tasks.items[0].dueAt).getTime() - new Date(tasks.items[0].createdAt).getTime()).toBe(14 * 86_400_000);
    expect((await ok(s, 'GET', '/api/tasks?scope=all', undefined, f.tokens.methodist12)).items).toHaveLength(0);
    expect(page.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    // The modeler (bpmn-js, its properties panel, the FEEL editor) works under the server's content security policy.
    expect([...page.errors, ...methodist.errors].filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  test('a user task without a role shows the lint error on the task and is not deployed', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/processes/new`);
    await shape(page, 'StartEvent_1').waitFor();
    await uploadDiagram(page, 'no-role.bpmn', NO_ROLE_BPMN);
    await shape(page, 'orphan-task').waitFor();
    // bpmn-js-bpmnlint draws its issues as an overlay on the element
    await page.locator('.djs-overlays[data-container-id="orphan-task"] .bjsl-overlay').waitFor();
    await waitText(page, '[data-test="lint-summary"]', /ошибок 1,/);
    await page.locator('[data-test="deploy"]').click();
    const problem = page.locator('[data-test="problems"] li[data-element-id="orphan-task"]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('нет роли исполнителя');
    await page.locator('.djs-overlays[data-container-id="orphan-task"] .bjsl-overlay').hover();
    await screenshot(page, 'designer-lint-error');
    expect((await ok(s, 'GET', '/api/process-definitions?key=no-role', undefined, f.tokens['t-admin'])).items).toEqual([]);
  });

  test('a MIWG reference model imports and renders', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/processes/new`);
    await shape(page, 'StartEvent_1').waitFor();
    const file = 'C.1.0.bpmn';
    const xml = fs.readFileSync(path.join(MIWG_DIR, file), 'utf8');
    await uploadDiagram(page, file, xml);
    const firstShape = /<bpmndi:BPMNShape\b[^>]*\bbpmnElement="([^"]+)"/.exec(xml)![1];
    await shape(page, firstShape).waitFor();
    const shapes = await page.locator('.djs-element.djs-shape').count();
    const inFile = (xml.match(/<bpmndi:BPMNShape\b/g) ?? []).length;
    expect(shapes).toBeGreaterThanOrEqual(inFile);
    expect(await page.locator('.alert-error').count()).toBe(0);
    await screenshot(page, 'designer-miwg-import');
  });

  test('a timer shows its examples and the date it gives for a sample start', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/processes/new`);
    await shape(page, 'StartEvent_1').waitFor();
    await uploadDiagram(page, 'timer-try.bpmn', TIMER_BPMN);
    await shape(page, 'wait').click();
    await page.locator('[data-group-id="group-timer"] .bio-properties-panel-group-header').click();
    const aid = page.locator('[data-entry-id="pdTimerHelp"]');
    const preview = '[data-entry-id="pdTimerHelp"] [data-test="date-preview"]';
    const week = await waitText(page, preview, /→ \d+ \S+ \d{4}/);
    // an example replaces the value (an undoable edit) and the date follows
    await aid.locator('.pd-example[data-value="PT12H"]').click();
    await page.locator(preview).filter({ hasNotText: week }).waitFor();
    await page.keyboard.press('Control+z');
    await page.locator(preview).filter({ hasText: week }).waitFor();
    await screenshot(page, 'designer-timer-aid');
  });

  test('the comparison of two versions marks the changed task on both diagrams', async () => {
    await deploy(s, f, [{ name: 'review-cycle.bpmn', content: reviewBpmn('methodist', 'Проверка плана') }]);
    await deploy(s, f, [{ name: 'review-cycle.bpmn', content: reviewBpmn('centre', 'Проверка плана ЦНППМ') }]);
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/processes/versions/review-cycle`);
    await page.locator('[data-test="versions"] tbody tr').nth(1).waitFor();
    await screenshot(page, 'designer-versions');
    await page.getByRole('link', { name: 'Сравнить с предыдущей' }).click();
    await page.waitForURL(/\/compare/);
    const left = page.locator('[data-test="compare-left-canvas"] .djs-element.diff-changed[data-element-id="orphan-task"]');
    const right = page.locator('[data-test="compare-right-canvas"] .djs-element.diff-changed[data-element-id="orphan-task"]');
    await left.waitFor();
    await right.waitFor();
    const row = page.locator('[data-test="diff-list"] li[data-element-id="orphan-task"]');
    expect(await row.textContent()).toContain('candidateGroups');
    expect(await page.locator('[data-test="diff-summary"]').textContent()).toContain('изменено 1');
    await screenshot(page, 'designer-compare');
  });

  test('the form editor saves a form draft, and the sandbox runs a draft without touching live data', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/forms/edit`);
    await page.locator('.fjs-editor-container').waitFor();
    await page.locator('[data-test="form-id"]').fill('interview-notes');
    await page.locator('[data-test="save-form"]').click();
    await page.waitForURL(/draft=forms/);
    await screenshot(page, 'designer-form-editor');
    const draft = await ok(s, 'GET', `/api/drafts/${encodeURIComponent('forms/interview-notes.form')}`, undefined, f.tokens['t-admin']);
    expect(JSON.parse(draft.content)).toMatchObject({ id: 'interview-notes', type: 'default' });

    // «Попробовать» on a deployed process: the canvas is saved as a draft by itself and the sandbox opens on it
    const deployed = (await ok(s, 'GET', '/api/process-definitions?key=review-cycle&latest=true', undefined, f.tokens['t-admin'])).items[0];
    await page.goto(`${s.url}/processes/${deployed.id}`);
    await page.locator('.djs-element[data-element-id="orphan-task"]').waitFor();
    await page.locator('[data-test="try-it"]').click();
    await page.waitForURL(/\/sandbox\?draft=/);
    const tried = new URL(page.url()).searchParams.get('draft')!;
    expect((await ok(s, 'GET', `/api/drafts/${encodeURIComponent(tried)}`, undefined, f.tokens['t-admin'])).content).toContain('review-cycle');
    // the sandbox's draft list (loaded after the page) shows it chosen
    await page.waitForFunction((name) => (document.querySelector('[data-test="sandbox-draft"]') as HTMLSelectElement | null)?.value === name, tried);

    await ok(s, 'PUT', '/api/drafts/sandbox-try.bpmn', { content: reviewBpmn('methodist', 'Проверка в песочнице').replace(/review-cycle/g, 'sandbox-try') }, f.tokens['t-admin']);
    await page.goto(`${s.url}/sandbox?draft=sandbox-try.bpmn`);
    await page.locator('[data-test="sandbox-start"]').click();
    await page.locator('.djs-element.sandbox-active[data-element-id="orphan-task"]').waitFor();
    await page.locator('[data-test="sandbox-now"]').waitFor(); // the sandbox's own time, even on the real clock
    await screenshot(page, 'designer-sandbox');
    await page.locator('[data-test="sandbox-complete"]').click();
    await page.locator('[data-test="sandbox-state"][data-state="completed"]').waitFor();
    expect((await ok(s, 'GET', '/api/process-definitions?key=sandbox-try', undefined, f.tokens['t-admin'])).items).toEqual([]);
  });
});

describe('browser: the designer sandbox on the simulated clock', () => {
  let s: TestServer;
  let b: TestBrowser | undefined;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    await createTenantFixture(s, 'designer-clock');
  });
  afterAll(async () => {
    await b?.close();
    await s?.close();
  });

  test('advancing time moves the token from the timer to the role\'s task', async () => {
    b = await launchBrowser();
    const page = await newPage(b);
    await login(page, s.url, 't-admin', 'password-123');
    const admin = await s.login('t-admin', 'password-123');
    await ok(s, 'PUT', '/api/drafts/timer-try.bpmn', { content: TIMER_BPMN }, admin);
    await page.goto(`${s.url}/sandbox?draft=timer-try.bpmn`);
    await page.locator('[data-test="sandbox-start"]').click();
    await page.locator('.djs-element.sandbox-active[data-element-id="wait"]').waitFor();
    await screenshot(page, 'designer-sandbox-timer');
    await page.locator('[data-test="advance-P7D"]').click();
    await page.locator('.djs-element.sandbox-active[data-element-id="check"]').waitFor();
    expect(await page.locator('.djs-element.sandbox-active[data-element-id="wait"]').count()).toBe(0);
    expect(await page.locator('.djs-element.sandbox-done[data-element-id="wait"]').count()).toBe(1);
    await screenshot(page, 'designer-sandbox-advanced');
  });
});
