/**
 * The inbox in a real browser (Debian chromium) against a real server and PostgreSQL: a teacher
 * signs in and starts a process (her application form opens at once); the methodist of her
 * school sees the review task (overdue, with the teacher's name and her application as she filled it in) and
 * completes it through the form; the methodist of the sibling school sees nothing (and her
 * sign-out ends the server session); a required field left empty is not submitted; script typed
 * into a form field is shown as text, never run.
 * Screenshots: test-results/screenshots/inbox-*.png.
 */
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok } from '../support/fixtures.js';
import type { TenantFixture } from '../support/fixtures.js';
import { launchBrowser, login, newPage, screenshot } from '../support/browser.js';
import type { TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="support-request" name="Заявка на методическую поддержку" isExecutable="true">
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
        <zeebe:taskSchedule dueDate="=now() - duration(&quot;P1D&quot;)" />
        <zeebe:formDefinition formId="review" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
const APPLICATION_FORM = {
  id: 'application',
  type: 'default',
  components: [
    { id: 'f_topic', type: 'textfield', key: 'topic', label: 'Тема заявки', validate: { required: true } },
    { id: 'f_link', type: 'textfield', key: 'link', label: 'Ссылка на материалы' },
  ],
};
const REVIEW_FORM = {
  id: 'review',
  type: 'default',
  components: [
    { id: 'r_topic', type: 'textfield', key: 'topic', label: 'Тема заявки', readonly: true },
    { id: 'r_decision', type: 'textfield', key: 'decision', label: 'Решение методиста', validate: { required: true } },
  ],
};
/** What the teacher types as the topic: markup that must stay text. */
const SCRIPT_TOPIC = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Наставничество';

describe('browser: the inbox', () => {
  let s: TestServer;
  let f: TenantFixture;
  const browsers: TestBrowser[] = [];
  let instanceId = '';
  let reviewTaskId = '';

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'inbox-browser');
    await deploy(s, f, [
      { name: 'support-request.bpmn', content: BPMN },
      { name: 'application.form', content: JSON.stringify(APPLICATION_FORM) },
      { name: 'review.form', content: JSON.stringify(REVIEW_FORM) },
    ]);
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

  /** Reads a task row cell texts of the inbox. */
  const rows = (page: Page) => page.locator('[data-test="task-row"]');

  test('the teacher signs in, starts the process and sends her application through its form', async () => {
    const page = await pageAs('teacher11');
    await page.waitForURL(/\/inbox/);
    await screenshot(page, 'inbox-teacher-empty');
    await page.locator('[data-test="start-process"]').click();
    await page.waitForURL(/\/start/);
    const row = page.locator('[data-process-key="support-request"]');
    await row.waitFor();
    await screenshot(page, 'inbox-start');
    await row.locator('[data-test="start"]').click();
    // a confirmation says what will happen before anything starts
    await page.locator('[data-test="start-confirm"]').waitFor();
    expect(await page.locator('[data-test="confirm-who"]').textContent()).toContain('о вас');
    await page.locator('[data-test="start-confirm-yes"]').click();
    // her own first step opens at once
    await page.waitForURL(/\/inbox\/tasks\//);
    await page.getByRole('heading', { name: 'Заполнить заявку' }).waitFor();
    await page.locator('#fjs-form-application-f_topic, input[id$="f_topic"]').first().fill(SCRIPT_TOPIC);
    await page.locator('input[id$="f_link"]').first().fill('https://example.org/materials');
    await screenshot(page, 'inbox-teacher-application');
    await page.locator('[data-test="complete"]').click();
    await page.waitForURL((u) => u.pathname === '/inbox' && u.searchParams.has('done'));
    await page.locator('[data-test="notice"]').waitFor();
    await screenshot(page, 'inbox-teacher-sent');

    const list = await s.call('GET', '/api/tasks?scope=all', undefined, f.tokens.methodist11);
    expect(list.body.items).toHaveLength(1);
    reviewTaskId = list.body.items[0].id;
    instanceId = list.body.items[0].processInstanceId;
    expect(list.body.items[0]).toMatchObject({ name: 'Рассмотреть заявку', orgName: 'Школа 1-1', overdue: true });
    expect(page.errors).toEqual([]);
  });

  test('the methodist of the sibling school sees nothing, not even through the task address', async () => {
    const page = await pageAs('methodist12');
    await page.locator('[data-test="empty"]').waitFor();
    expect(await rows(page).count()).toBe(0);
    await screenshot(page, 'inbox-other-school-empty');
    await page.goto(`${s.url}/inbox/tasks/${reviewTaskId}`);
    await page.locator('.alert-error').first().waitFor();
    expect(await page.locator('[data-test="complete"]').count()).toBe(0);
    expect(await page.content()).not.toContain('Наставничество');
    await screenshot(page, 'inbox-other-school-task');

    // signing out ends the server session: the HttpOnly cookie the browser keeps no longer signs requests in
    const me = () => page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(await me()).toBe(200);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(/\/login/);
    expect(await me()).toBe(401);
  });

  test('the methodist of her school sees the overdue task with its context; an empty required field is not sent; then she completes it', async () => {
    const page = await pageAs('methodist11');
    const row = rows(page).filter({ hasText: 'Рассмотреть заявку' });
    await row.waitFor();
    expect(await rows(page).count()).toBe(1);
    await expect(row.locator('[data-test="overdue"]').count()).resolves.toBe(1);
    expect(await row.textContent()).toContain('Заявка на методическую поддержку');
    expect(await row.textContent()).toContain('Школа 1-1');
    await screenshot(page, 'inbox-methodist-list');

    // filters go into the address and are applied by the server (the less used ones are folded away)
    await page.locator('[data-test="more-filters"] summary').click();
    await page.locator('[data-test="filter-due"]').selectOption('onTime');
    await page.waitForURL(/due=onTime/);
    await page.locator('[data-test="empty"]').waitFor();
    await page.locator('[data-test="filter-due"]').selectOption('overdue');
    await page.waitForURL(/due=overdue/);
    await row.waitFor();
    await page.locator('[data-test="sort"]').selectOption('createdAt');
    await page.waitForURL(/sort=createdAt/);
    await row.waitFor();

    // claim from the list, then open
    await row.locator('[data-test="claim"]').click();
    await row.locator('[data-test="unclaim"]').waitFor();
    await row.locator('[data-test="task-link"]').click();
    await page.waitForURL(new RegExp(`/inbox/tasks/${reviewTaskId}`));
    const context = page.locator('[data-test="task-context"]');
    await context.waitFor();
    expect(await page.locator('[data-test="context-teacher"]').textContent()).toContain('Учитель школы 1-1');
    expect(await page.locator('[data-test="context-process"]').textContent()).toContain('Заявка на методическую поддержку');
    const before = page.locator('[data-test="previous-steps"]');
    await before.waitFor();
    expect(await before.locator('[data-test="previous-step"] summary').textContent()).toContain('Заполнить заявку');
    expect(await before.locator('[data-test="previous-step"] summary').textContent()).toContain('Учитель школы 1-1');
    expect(await context.locator('[data-test="overdue"]').count()).toBe(1);
    // the link the teacher gave is a link; the markup she typed is text, in the form and in her step
    await before.locator('a[href="https://example.org/materials"]').waitFor();
    const topicInput = page.locator('input[id$="r_topic"]').first();
    await topicInput.waitFor();
    expect(await topicInput.inputValue()).toBe(SCRIPT_TOPIC);
    expect(await before.locator('input[id$="f_topic"]').first().inputValue()).toBe(SCRIPT_TOPIC);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, 'inbox-methodist-task');

    // the required decision left empty: no request leaves the browser
    const completions: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/complete')) completions.push(r.url());
    });
    await page.locator('[data-test="complete"]').click();
    await page.locator('.fjs-form-field-error, .fjs-has-errors').first().waitFor();
    await page.waitForTimeout(300);
    expect(completions).toEqual([]);
    expect(page.url()).toContain(`/inbox/tasks/${reviewTaskId}`);
    await screenshot(page, 'inbox-required-field');
    const still = await s.call('GET', `/api/tasks/${reviewTaskId}`, undefined, f.tokens.methodist11);
    expect(still.status).toBe(200);

    await page.locator('input[id$="r_decision"]').first().fill('Одобрить, назначить наставника');
    await page.locator('[data-test="complete"]').click();
    await page.waitForURL((u) => u.pathname === '/inbox' && u.searchParams.has('done'));
    await page.locator('[data-test="notice"]').waitFor();
    await page.locator('[data-test="empty"]').waitFor();
    await screenshot(page, 'inbox-methodist-done');
    expect(completions).toHaveLength(1);

    const inst = await s.call('GET', `/api/process-instances/${instanceId}`, undefined, f.tokens.methodist11);
    expect(inst.body.state).toBe('completed');
    expect(inst.body.variables).toMatchObject({ topic: SCRIPT_TOPIC, decision: 'Одобрить, назначить наставника' });
    expect(page.errors).toEqual([]);
  });

  test('the teacher reports her difficulties herself from «Мои маршруты»: the route moves on, the methodist of her school gets the help step', async () => {
    // the raise suite's diagram, declared raisable by anyone who sees the route
    const diagram = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../integration/runtime/raise.difficulty.bpmn'), 'utf8');
    await deploy(s, f, [
      { name: 'variant.json', content: JSON.stringify({ ...FIXTURE_VARIANT, processes: { 'case-difficulty': { raisable: [{ message: 'difficulty', comment: 'difficultyText' }, { message: 'methodist-note', roles: ['methodist'] }] } } }) },
      { name: 'raise.difficulty.bpmn', content: diagram },
    ]);
    const route = await ok(s, 'POST', '/api/process-instances', { processKey: 'case-difficulty' }, f.tokens.teacher11);
    const page = await pageAs('teacher11');
    await page.goto(`${s.url}/routes`);
    const card = page.locator(`[data-test="route"][data-instance-id="${route.id}"]`);
    // only what she may raise: «Затруднения» (the methodist's note needs a methodist)
    const buttons = card.locator('[data-test="raise"]');
    await buttons.first().waitFor();
    expect(await buttons.allInnerTexts()).toEqual(['Затруднения']);
    await buttons.first().click();
    // her own words go into the variable the declaration names
    await card.locator('[data-test="raise-text"]').fill('не хватает времени на подготовку');
    await card.locator('[data-test="raise-confirm"]').click();
    await card.locator('[data-test="raised"]', { hasText: 'Сообщено: «Затруднения».' }).waitFor();
    await screenshot(page, 'inbox-raise');
    const history = await ok(s, 'GET', `/api/process-instances/${route.id}/history`, undefined, f.tokens['t-admin']);
    expect(history.items.filter((h: any) => h.type === 'messageRaised').map((h: any) => [h.userId, h.data.name])).toEqual([[f.users.teacher11, 'difficulty']]);
    const help = await ok(s, 'GET', `/api/tasks?processInstanceId=${route.id}`, undefined, f.tokens.methodist11);
    expect(help.items.map((t: any) => t.elementId)).toEqual(['help']);
    expect((await ok(s, 'GET', `/api/process-instances/${route.id}`, undefined, f.tokens['t-admin'])).variables.difficultyText).toBe('не хватает времени на подготовку');
    expect(page.errors).toEqual([]);
  });
});
