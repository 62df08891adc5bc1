/**
 * The administrator's workbench in a real browser (Debian chromium) against a real server and PostgreSQL:
 * - a form with a date field opens in the form editor: styled (the editor fits the screen, the
 *   date field stays a field), palette in Russian and limited to what the server validates; a field
 *   is added, the preview is the inbox's renderer, the form deploys;
 * - a due date «через 7 дней» on a user task: the check (bpmnlint + the server's dry run) shows a
 *   Russian error on that task, named by its name with the id as a link that selects it, and the
 *   deployment is refused;
 * - deploying a new version asks for confirmation with what changed and how many instances stay on
 *   the old version.
 * Screenshots at 1440 px and 390 px: test-results/screenshots/form-editor-*.png, check-*.png.
 */
import type { Page } from 'playwright-core';
import { createTenantFixture, deploy, ok } from '../support/fixtures.js';
import type { TenantFixture } from '../support/fixtures.js';
import { launchBrowser, login, newPage, screenshot } from '../support/browser.js';
import type { TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const DATE_FORM = {
  id: 'hold-event',
  type: 'default',
  schemaVersion: 16,
  components: [
    { type: 'text', text: '### Проведение мероприятия', id: 'Field_title' },
    { type: 'datetime', key: 'heldOn', subtype: 'date', dateLabel: 'Дата проведения', label: 'Дата проведения', validate: { required: true }, id: 'Field_heldOn' },
    { type: 'textfield', key: 'materialsUrl', label: 'Ссылка на материалы', id: 'Field_materialsUrl' },
  ],
};

/** start → «Проведение мероприятия» (methodist, the date form, due date `due`) → end. */
const eventBpmn = (due: string, taskName = 'Проведение мероприятия') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="d" targetNamespace="t">
  <bpmn:process id="hold-event-process" name="Мероприятие" isExecutable="true">
    <bpmn:startEvent id="start" name="Старт"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="hold" name="${taskName}"><bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="methodist" />
      <zeebe:formDefinition formId="hold-event" />
      <zeebe:taskSchedule dueDate="${due}" />
    </bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end" name="Конец"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="hold" />
    <bpmn:sequenceFlow id="f2" sourceRef="hold" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="hold-event-process">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="hold_di" bpmnElement="hold"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('browser: the administrator\'s workbench (form editor, checks, deploy)', () => {
  let s: TestServer;
  let f: TenantFixture;
  const browsers: TestBrowser[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'workbench-browser');
    await deploy(s, f, [{ name: 'hold-event.form', content: JSON.stringify(DATE_FORM) }]);
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.close();
  });

  async function pageAs(username: string, width = 1440, height = 900): Promise<Page & { errors: string[] }> {
    const b = await launchBrowser();
    browsers.push(b);
    const page = await newPage(b);
    await page.setViewportSize({ width, height });
    await login(page, s.url, username, 'password-123');
    return page;
  }

  test('a form with a date field: the editor fits the screen, speaks Russian, adds a field, previews with the inbox renderer and deploys', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/forms/edit?form=hold-event`);
    const editor = page.locator('[data-test="form-editor"]');
    await editor.locator('.fjs-palette').waitFor();
    await editor.locator('.fjs-form-field-datetime').first().waitFor();

    // styled: the date field is a field, not a page-high picture; nothing leaves the viewport
    const dateField = (await editor.locator('.fjs-form-field-datetime').first().boundingBox())!;
    expect(dateField.height).toBeLessThan(150);
    const area = (await editor.boundingBox())!;
    expect(area.y + area.height).toBeLessThanOrEqual(900 + 1);
    const docHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(docHeight).toBeLessThanOrEqual(900 + 1);

    // Russian palette, limited to what the server validates
    const palette = editor.locator('.fjs-palette');
    await expect(palette.locator('.fjs-palette-header').textContent()).resolves.toBe('Элементы');
    await expect(palette.locator('input.fjs-palette-search').getAttribute('placeholder')).resolves.toBe('Поиск элементов');
    const visible = await palette.locator('.fjs-palette-field:visible .fjs-palette-field-text').allTextContents();
    expect(visible).toEqual(expect.arrayContaining(['Текстовое поле', 'Дата и время', 'Число', 'Выпадающий список', 'Повторяющиеся строки']));
    expect(visible).not.toContain('Выбор файла');
    expect(await palette.locator('.fjs-palette-field[data-field-type="filepicker"]').isVisible()).toBe(false);
    expect(await palette.locator('.fjs-palette-field[data-field-type="expression"]').isVisible()).toBe(false);
    expect(visible.filter((t) => /[A-Za-z]{4,}/.test(t) && t !== 'HTML')).toEqual([]);
    // the fields on the canvas are drawn as the inbox draws them: Russian placeholders
    await expect(editor.locator('.fjs-form-container .fjs-form-field-datetime input').first().getAttribute('placeholder')).resolves.toBe('дд.мм.гггг');
    await screenshot(page, 'form-editor-1440');

    // add a field with the keyboard (Enter on a palette entry appends it) and name it
    const before = await editor.locator('.fjs-form-field').count();
    await palette.locator('.fjs-palette-field[data-field-type="number"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="form-editor"] .fjs-form-field').length > n, before);
    // the properties panel speaks Russian too
    await editor.locator('.fjs-form-field-number').first().click();
    await editor.locator('.fjs-properties-panel').getByText('Общие', { exact: true }).first().waitFor();
    const panel = editor.locator('.fjs-properties-panel');
    await panel.getByText('Проверка', { exact: true }).first().click();
    await panel.getByText('Общие', { exact: true }).first().click();
    await panel.getByText('Обязательное', { exact: true }).first().waitFor();
    await panel.getByText('Ключ (имя переменной)', { exact: true }).first().waitFor();
    await panel.getByText('Условие показа', { exact: true }).first().click();
    await panel.getByText('Скрыть, если', { exact: true }).first().waitFor();
    // every label and description of the opened groups is Russian (names like FEEL aside)
    const labels = await panel.locator('.bio-properties-panel-label, .bio-properties-panel-group-header-title, .bio-properties-panel-description').allTextContents();
    expect(labels.filter((l) => /\b[A-Za-z]{3,}\b/.test(l.replace(/FEEL|HTML|JSON/g, '')))).toEqual([]);
    // a new date field gets Russian defaults, not form-js's «Date»
    const dates = await editor.locator('.fjs-form-container .fjs-form-field-datetime').count();
    await palette.locator('.fjs-palette-field[data-field-type="datetime"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="form-editor"] .fjs-form-container .fjs-form-field-datetime').length > n, dates);
    const added = editor.locator('.fjs-form-container .fjs-form-field-datetime').last();
    expect((await added.locator('label').first().textContent())?.trim()).toBe('Дата');
    await screenshot(page, 'form-editor-field-1440');

    // the preview is the inbox's renderer
    await page.locator('[data-test="preview-form"]').click();
    const preview = page.locator('[data-test="form-preview"]');
    await preview.locator('.fjs-form-field-datetime').first().waitFor();
    expect(await preview.locator('.fjs-form-field-number').count()).toBe(1);
    await screenshot(page, 'form-editor-preview-1440');
    await page.locator('[data-test="preview-form"]').click();

    await page.locator('[data-test="deploy-form"]').click();
    await page.locator('.alert-ok').filter({ hasText: 'hold-event' }).waitFor();
    const forms = await ok(s, 'GET', '/api/forms', undefined, f.tokens['t-admin']);
    const deployed = (forms.items ?? forms).find((x: { formId: string }) => x.formId === 'hold-event');
    expect(deployed.schema.components.map((c: { type: string }) => c.type)).toEqual(['text', 'datetime', 'textfield', 'number', 'datetime']);
    expect(page.errors).toEqual([]);
  });

  test('the form editor on a phone (390 px): nothing is cut off sideways', async () => {
    const page = await pageAs('t-admin', 390, 844);
    await page.goto(`${s.url}/forms/edit?form=hold-event`);
    const editor = page.locator('[data-test="form-editor"]');
    await editor.locator('.fjs-form-field-datetime').first().waitFor();
    const dateField = (await editor.locator('.fjs-form-field-datetime').first().boundingBox())!;
    expect(dateField.height).toBeLessThan(150);
    expect(dateField.x + dateField.width).toBeLessThanOrEqual(390 + 1);
    await screenshot(page, 'form-editor-390');
    expect(page.errors).toEqual([]);
  });

  /** Clicks an element of the canvas by its BPMN id. */
  const shape = (page: Page, id: string) => page.locator(`.djs-element[data-element-id="${id}"]`).first();
  const chip = (page: Page) => page.locator('[data-test="lint-summary"]');
  /** Waits until the check chip (lint + the server's dry run) says `re`, the server check done. */
  async function checkSays(page: Page, re: RegExp) {
    await chip(page).filter({ hasText: re }).filter({ hasNotText: '…' }).waitFor();
  }

  test('the check runs the server dry run beside bpmnlint: «через 7 дней» is a Russian error on the task, the deploy is refused; a deploy is confirmed with its summary', async () => {
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/processes/new`);
    await shape(page, 'StartEvent_1').waitFor();
    await page.locator('[data-test="file-input"]').setInputFiles({ name: 'hold-event.bpmn', mimeType: 'application/xml', buffer: Buffer.from(eventBpmn('=add working days(today(), 5)')) });
    await shape(page, 'hold').waitFor();
    await checkSays(page, /ошибок 0/);

    // first deployment: the confirmation says it is a new process
    await page.locator('[data-test="deploy"]').click();
    const confirm = page.locator('[data-test="deploy-confirm"]');
    await confirm.getByText('«Мероприятие»: новый процесс, будет версия 1.').waitFor();
    await page.locator('[data-test="confirm-deploy"]').click();
    await page.locator('[data-test="notice"]').filter({ hasText: /версия 1/ }).waitFor();
    await ok(s, 'POST', '/api/process-instances', { processKey: 'hold-event-process' }, f.tokens.methodist11);

    // the due date «через 7 дней» in FEEL: bpmnlint sees nothing wrong, the server's evaluation does
    await shape(page, 'hold').click({ position: { x: 12, y: 70 } });
    const assignment = page.locator('[data-group-id="group-assignmentDefinition"]');
    await assignment.locator('.bio-properties-panel-group-header').click();
    const due = page.locator('[data-entry-id="taskScheduleDueDate"]');
    const editor = due.locator('.cm-content');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('через 7 дней');
    await page.locator('[data-test="canvas"]').click({ position: { x: 600, y: 400 } });
    await checkSays(page, /ошибок 1,/);
    await page.locator('[data-test="deploy"]').click();
    const problem = page.locator('[data-test="problems"] li[data-element-id="hold"][data-severity="error"]');
    await problem.waitFor();
    const text = (await problem.textContent())!;
    expect(text).toContain('Проведение мероприятия');
    expect(text).toContain('срок выполнения «=через 7 дней» — не дата');
    expect(text).not.toMatch(/\b(is|not|the|of)\b/);
    expect(await confirm.count()).toBe(0);
    // the id is a link that selects the element
    await page.locator('[data-test="canvas"]').click({ position: { x: 600, y: 400 } });
    await problem.locator('[data-test="element-link"]').click();
    await page.locator('.djs-element.selected[data-element-id="hold"]').waitFor();
    await screenshot(page, 'check-through-7-days-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'check-through-7-days-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    const versions = await ok(s, 'GET', '/api/process-definitions?key=hold-event-process', undefined, f.tokens['t-admin']);
    expect(versions.items).toHaveLength(1);

    // a due date read from the form's date field: the preview says what it depends on (not an error) and takes a sample value
    await page.locator('.bio-properties-panel-header-type').first().waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('date and time(date(heldOn), time("18:00:00"))');
    const preview = page.locator('[data-test="date-preview"]');
    await preview.filter({ hasText: 'Срок зависит от переменных процесса «heldOn»' }).waitFor();
    expect(await preview.getAttribute('class')).not.toContain('error');
    await page.locator('[data-test="sample-heldOn"] input').fill('2026-12-21');
    await preview.filter({ hasText: '→ 21 декабря 2026' }).waitFor();
    await screenshot(page, 'check-due-from-form-1440');

    // a due date that works: the confirmation names the change and the instance that stays on version 1
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('add working days(today(), 7)');
    await page.locator('[data-test="canvas"]').click({ position: { x: 600, y: 400 } });
    await checkSays(page, /ошибок 0/);
    await page.locator('[data-test="deploy"]').click();
    await confirm.getByText('«Мероприятие»: версия 1 → 2.').waitFor();
    const changedText = await confirm.locator('[data-test="confirm-changed"]').textContent();
    expect(changedText).toContain('Изменено (1): Проведение мероприятия');
    expect(await confirm.locator('[data-test="confirm-running"]').textContent()).toContain('Экземпляров в работе: 1. Они продолжат работу по прежней версии');
    await screenshot(page, 'check-confirm-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'check-confirm-390');
    await page.locator('[data-test="confirm-deploy"]').click();
    await page.locator('[data-test="notice"]').filter({ hasText: /версия 2/ }).waitFor();
    expect((await ok(s, 'GET', '/api/process-definitions?key=hold-event-process', undefined, f.tokens['t-admin'])).items).toHaveLength(2);

    // the list of forms names a form by its title and the tasks that show it, not by its id alone
    await page.goto(`${s.url}/processes`);
    const row = page.locator('[data-test="form-row"]').filter({ hasText: 'hold-event' });
    expect((await row.locator('[data-test="form-title"]').textContent())?.trim()).toBe('Проведение мероприятия');
    expect((await row.locator('[data-test="form-used-in"]').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Проведение мероприятия — Мероприятие');
    await screenshot(page, 'designer-forms-list-1440');
    expect(page.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
