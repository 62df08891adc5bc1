/**
 * The administrator's workbench in a real browser (Debian chromium) against a real server and
 * PostgreSQL, on the real clock:
 * - the sandbox: a draft whose first task has a form is run; the task is completed through its
 *   form; the sandbox's own time runs a month forward past a timer — while the production tenant's
 *   clock, its waiting timer and its people's notifications stay as they were (asserted through the API);
 * - people and organisations: an administrator creates an organisation, imports 200 users into it
 *   from a UTF-8 CSV (progress, then the report), and a Windows-1251 CSV reads right; a file with a
 *   bad row is refused with the row named and nothing written;
 * - the superadmin (`admin`) lands on the tenants page, picks a tenant in the header and works in it.
 * Screenshots at 1440 and 390 px: test-results/screenshots/admin-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { createTenantFixture, deploy, ok } from '../support/fixtures.js';
import type { TenantFixture } from '../support/fixtures.js';
import { launchBrowser, login, newPage, screenshot } from '../support/browser.js';
import type { TestBrowser } from '../support/browser.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';

const DI = `xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"`;

/** start → a teacher's application (form, one required field) → wait 14 days → a methodist's check → end. */
const APPLICATION_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${DI} xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="application-try" name="Заявка и проверка" isExecutable="true">
    <bpmn:startEvent id="start" name="Старт"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="apply" name="Заполнить заявку"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="teacher" />
      <zeebe:formDefinition formId="application-form" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:intermediateCatchEvent id="wait" name="Две недели"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>P14D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="check" name="Проверка"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end" name="Конец"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="apply" />
    <bpmn:sequenceFlow id="f2" sourceRef="apply" targetRef="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="check" />
    <bpmn:sequenceFlow id="f4" sourceRef="check" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="application-try">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="apply_di" bpmnElement="apply"><dc:Bounds x="230" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="wait_di" bpmnElement="wait"><dc:Bounds x="372" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="check_di" bpmnElement="check"><dc:Bounds x="450" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="602" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="230" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="330" y="120" /><di:waypoint x="372" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="408" y="120" /><di:waypoint x="450" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f4_di" bpmnElement="f4"><di:waypoint x="550" y="120" /><di:waypoint x="602" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const APPLICATION_FORM = {
  id: 'application-form', type: 'default',
  components: [{ type: 'textfield', key: 'topic', label: 'Тема заявки', validate: { required: true } }],
};

/** A production process whose timer falls due in a day: it must still wait after the sandbox's month. */
const PROD_WAIT_BPMN = APPLICATION_BPMN
  .replace(/application-try/g, 'prod-wait')
  .replace('name="Заявка и проверка"', 'name="Рабочий процесс"')
  .replace('<zeebe:formDefinition formId="application-form" />', '')
  .replace(/<bpmn:userTask id="apply"[\s\S]*?<\/bpmn:userTask>/, '<bpmn:task id="apply" name="Шаг"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>')
  .replace('<bpmn:timeDuration>P14D</bpmn:timeDuration>', '<bpmn:timeDuration>P1D</bpmn:timeDuration>');

const widths = [1440, 390];

async function shoot(page: Page, name: string) {
  for (const w of widths) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.waitForTimeout(150);
    await screenshot(page, `admin-${name}-${w}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('browser: the administrator’s workbench', () => {
  let s: TestServer;
  let f: TenantFixture;
  let b: TestBrowser | undefined;
  let tmp: string;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'real' });
    f = await createTenantFixture(s, 'workbench');
    b = await launchBrowser();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-import-'));
  });
  afterAll(async () => {
    await b?.close();
    await s?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const pageAs = async (username: string, password = 'password-123') => {
    const page = await newPage(b!);
    await page.setViewportSize({ width: 1440, height: 900 });
    // one browser profile for the suite: forget the previous user's session first
    await page.goto(s.url);
    await page.evaluate(() => localStorage.clear());
    await login(page, s.url, username, password);
    return page;
  };

  test('the sandbox runs a month forward through a form and a timer, while the production tenant’s clock and notifications stay', async () => {
    const admin = f.tokens['t-admin'];
    // production: a running process with a timer due tomorrow, and what its people were told so far
    await deploy(s, f, [{ name: 'prod-wait.bpmn', content: PROD_WAIT_BPMN }]);
    const live = await ok(s, 'POST', '/api/process-instances', { processKey: 'prod-wait' }, f.tokens.teacher11);
    const people = ['t-admin', 'teacher11', 'methodist11', 'supervisor1', 'centre'];
    const told = async () => Object.fromEntries(await Promise.all(people.map(async (u) =>
      [u, (await ok(s, 'GET', '/api/notifications?size=200', undefined, f.tokens[u])).items.map((n: any) => n.id)])));
    const toldBefore = await told();
    const prodBefore = await ok(s, 'GET', '/api/clock', undefined, admin);
    expect(prodBefore.mode).toBe('real');

    await ok(s, 'PUT', '/api/drafts/application-try.bpmn', { content: APPLICATION_BPMN }, admin);
    await ok(s, 'PUT', `/api/drafts/${encodeURIComponent('forms/application-form.form')}`, { content: JSON.stringify(APPLICATION_FORM) }, admin);
    const page = await pageAs('t-admin');
    await page.goto(`${s.url}/sandbox?draft=application-try.bpmn`);
    await page.locator('[data-test="sandbox-start"]').click();
    await page.locator('.djs-element.sandbox-active[data-element-id="apply"]').waitFor();
    const sandboxStart = Date.parse((await ok(s, 'GET', '/api/sandbox', undefined, admin)).clock.now);
    // the run is named as the process is, not by its key
    expect(await page.locator('[data-test="sandbox-process"]').textContent()).toBe('Заявка и проверка');

    // the task is done through its form, as the teacher would in the inbox: the required field is checked first
    await page.locator('[data-test="sandbox-open-form"]').click();
    await page.locator('[data-test="sandbox-form"] .fjs-form').waitFor();
    // the form gets room as in the inbox, not a 360 px strip
    expect((await page.locator('.sandbox-side').boundingBox())!.width).toBeGreaterThanOrEqual(600);
    await page.locator('[data-test="sandbox-complete"]').click();
    await page.locator('[data-test="sandbox-error"]').waitFor();
    await page.locator('[data-test="sandbox-form"] input').fill('Наставничество молодых педагогов');
    await shoot(page, 'sandbox-form');
    await page.locator('[data-test="sandbox-complete"]').click();
    await page.locator('.djs-element.sandbox-active[data-element-id="wait"]').waitFor();

    // a month of the sandbox's own time: the timer fires there
    await page.locator('[data-test="advance-P1M"]').click();
    await page.locator('.djs-element.sandbox-active[data-element-id="check"]').waitFor();
    await shoot(page, 'sandbox-month');
    const sandbox = await ok(s, 'GET', '/api/sandbox', undefined, admin);
    expect(sandbox.clock.mode).toBe('simulated');
    expect(Date.parse(sandbox.clock.now) - sandboxStart).toBeGreaterThanOrEqual(28 * 86_400_000);
    const run = await ok(s, 'GET', `/api/sandbox/runs/${new URL(page.url()).searchParams.get('run')}`, undefined, admin);
    expect(run.instance.variables.topic).toBe('Наставничество молодых педагогов');

    // production: still on the machine's time, its timer still waiting, nobody told anything new
    const prodAfter = await ok(s, 'GET', '/api/clock', undefined, admin);
    expect(prodAfter.mode).toBe('real');
    expect(Date.parse(prodAfter.now) - Date.parse(prodBefore.now)).toBeLessThan(30 * 60_000);
    expect((await ok(s, 'GET', `/api/process-instances/${live.id}`, undefined, admin)).activeElementIds).toEqual(['wait']);
    expect(await told()).toEqual(toldBefore);
    expect(page.errors).toEqual([]);

    // a reset removes it; the page starts afresh
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-test="sandbox-reset"]').click();
    await page.getByText('Песочница сброшена.').waitFor();
    expect((await s.call('GET', `/api/sandbox/runs/${run.instance.id}`, undefined, admin)).status).toBe(404);
    await page.close();
  });

  test('an administrator creates an organisation and imports 200 users into it from a CSV; a Windows-1251 file reads right; a bad row is named and nothing written', async () => {
    const page = await pageAs('t-admin');
    await page.locator('[data-test="nav-people"]').click();
    await page.locator('[data-test="org-tree"] [data-test="org-Район 2"]').click();
    await page.locator('[data-test="org-name"]').fill('Школа № 15 «Радуга»');
    await page.locator('[data-test="org-add"]').click();
    await page.locator('[data-test="org-Школа № 15 «Радуга»"]').waitFor();
    await shoot(page, 'people');

    const rows = Array.from({ length: 200 }, (_, i) =>
      `raduga.t${i + 1};Учитель ${i + 1} Радужный;t${i + 1}@raduga.ru;raduga-pass-${i + 1};Регион/Район 2/Школа № 15 «Радуга»;Педагог`);
    const csv = path.join(tmp, 'сотрудники.csv');
    fs.writeFileSync(csv, ['логин;ФИО;почта;пароль;организация;роль', ...rows].join('\r\n'));
    await page.locator('[data-test="import-file"]').setInputFiles(csv);
    await page.locator('[data-test="import-start"]').click();
    await page.locator('[data-test="import-progress"]').waitFor();
    await shoot(page, 'import-progress');
    // 200 password hashes: minutes on a busy machine
    await page.locator('[data-test="import-done"]').waitFor({ timeout: 600_000 });
    expect(await page.locator('[data-test="import-done"]').textContent()).toMatch(/Загружено: 200/);
    await shoot(page, 'import-done');
    const org = (await ok(s, 'GET', '/api/organizations', undefined, f.tokens['t-admin'])).find((o: any) => o.name === 'Школа № 15 «Радуга»');
    expect((await ok(s, 'GET', `/api/users?orgId=${org.id}&size=1`, undefined, f.tokens['t-admin'])).total).toBe(200);

    // Windows-1251, as Excel saves CSV in Russian offices: detected and read right
    const cp1251 = path.join(tmp, 'завуч.csv');
    fs.writeFileSync(cp1251, iconv.encode('Логин;ФИО;Пароль;Организация;Роль\nraduga.zavuch;Щёголева Юлия Эдуардовна;password-123;Регион/Район 2/Школа № 15 «Радуга»;Методист ОО\n', 'win1251'));
    await page.locator('[data-test="import-file"]').setInputFiles(cp1251);
    await page.locator('[data-test="import-start"]').click();
    await page.locator('[data-test="import-done"]').filter({ hasText: 'windows-1251' }).waitFor({ timeout: 120_000 });
    await page.locator('[data-test="user-search"]').fill('raduga.zavuch');
    await page.locator('[data-test="user-search"]').press('Enter');
    await page.locator('[data-test="user-row"]', { hasText: 'Щёголева Юлия Эдуардовна' }).waitFor();

    // a file with a bad row: refused, the row named, nothing written
    const bad = path.join(tmp, 'ошибки.csv');
    fs.writeFileSync(bad, 'логин;ФИО;пароль;организация;роль\nraduga.new1;Новый Один;password-123;Регион/Район 2/Школа № 15 «Радуга»;Педагог\nraduga.new2;Новый Два;password-123;Регион/Район 9;Педагог\n');
    await page.locator('[data-test="import-file"]').setInputFiles(bad);
    await page.locator('[data-test="import-start"]').click();
    await page.locator('[data-test="import-refused"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-test="refused-row"]').allTextContents()).toEqual([expect.stringMatching(/^3организация «Регион\/Район 9» не найдена/)]);
    await shoot(page, 'import-refused');
    expect((await ok(s, 'GET', '/api/users?q=raduga.new', undefined, f.tokens['t-admin'])).total).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  }, 900_000);

  test('the superadmin lands on the tenants page, picks a tenant in the header and works in it, in Russian', async () => {
    await ok(s, 'GET', '/api/sandbox', undefined, f.tokens['t-admin']); // a sandbox tenant in the list, with its long badge
    const page = await pageAs('admin', TEST_ADMIN_PASSWORD);
    await page.waitForURL(/\/admin\/tenants/);
    await page.locator('[data-test="tenant-workbench"]').waitFor();
    await shoot(page, 'tenants');
    // on a phone nothing pushes the page sideways
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('[data-test="tenant-picker"]').selectOption('workbench');
    await page.waitForURL(/\/admin\/people/);
    await page.locator('[data-test="org-Регион"]').waitFor();
    await shoot(page, 'superadmin-people');
    // everything else acts in the chosen tenant too
    await page.locator('.main-nav a', { hasText: 'Процессы' }).click();
    await page.getByText('Рабочий процесс').first().waitFor();
    const text = await page.locator('body').innerText();
    // the server speaks the interface's language (Russian): neither its English nor its Russian "name the tenant" / "not found"
    expect(text).not.toMatch(/must name the tenant|not found|tenant is required|должен указать арендатора|Укажите арендатора|Арендатор .* не найден/i);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
