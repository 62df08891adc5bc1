import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../../server/src/config/app-config.js';
import { createTenantFixture, ok } from '../support/fixtures.js';
import type { TenantFixture } from '../support/fixtures.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { advanceBy, deploySupervision, startSupport, SUPERVISION_VARIANT, taskOf } from '../integration/supervision/supervision-helpers.js';

const SHOTS = path.join(repoRoot(), 'test-results/screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('supervision in the browser: alerts by subtree, the process map, indicators', () => {
  let s: TestServer;
  let f: TenantFixture;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  let definitionId: string;
  const inst: Record<string, string> = {};
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'browser-region');
    await deploySupervision(s, f);
    // municipality 1: two instances at school 1-1 (one has chosen its directions); municipality 2: one
    inst.a = (await startSupport(s, f, f.orgs.school11)).id;
    inst.b = (await startSupport(s, f, f.orgs.school11)).id;
    inst.c = (await startSupport(s, f, f.orgs.school21)).id;
    await ok(s, 'POST', `/api/tasks/${(await taskOf(s, f, inst.b, 'plan')).id}/complete`, { variables: { difficulties: true } }, f.tokens.teacher11);
    await advanceBy(s, f, 'P20D'); // the plan tasks of a and c are 6 days overdue
    definitionId = (await ok(s, 'GET', '/api/process-definitions?key=support', undefined, f.tokens['t-admin'])).items[0].id;

    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-supervision-'));
    ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS, viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
    ctx.setDefaultTimeout(15_000);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${s.url}/login`);
    await page.fill('input[name=username]', 'supervisor1');
    await page.fill('input[name=password]', 'password-123');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await ctx?.close();
    await s?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  test('the supervisor of municipality 1 sees the overdue task of its school and not the one of municipality 2', async () => {
    await page.goto(`${s.url}/supervision`);
    await page.waitForSelector('[data-test=alert-row]');
    const orgs = await page.locator('[data-test=alert-org]').allTextContents();
    expect(orgs.map((o) => o.trim())).toEqual(['Школа 1-1']);
    const text = await page.locator('main, body').first().innerText();
    expect(text).toContain('Выбор направлений');
    expect(text).toContain('просрочено на 6 дн.');
    expect(text).not.toContain('Школа 2-1');
    await page.screenshot({ path: path.join(SHOTS, 'supervision-alerts.png'), fullPage: true });

    // acknowledge it with a comment
    await page.click('[data-test=alert-row] button:has-text("Подтвердить")');
    await page.fill('[data-test=alert-row] input', 'Связались со школой');
    await page.click('[data-test=alert-row] button[type=submit]');
    await page.waitForSelector('text=Связались со школой');
  });

  test('the process map shows the counts per element on the diagram', async () => {
    await page.goto(`${s.url}/supervision/map/${definitionId}`);
    const planActive = page.locator('[data-test=badge-active][data-element=plan]');
    await planActive.waitFor();
    expect(await planActive.textContent()).toBe('1');
    expect(await page.locator('[data-test=badge-overdue][data-element=plan]').textContent()).toBe('1');
    expect(await page.locator('[data-test=badge-active][data-element=visit]').textContent()).toBe('1');
    expect(await page.locator('[data-test=badge-active][data-element=support-stage]').textContent()).toBe('1');
    expect(await page.locator('[data-test=map-summary]').textContent()).toContain('активных экземпляров: 2');
    await page.screenshot({ path: path.join(SHOTS, 'supervision-process-map.png'), fullPage: true });

    await page.goto(`${s.url}/supervision/instances/${inst.b}`);
    await page.waitForSelector('.djs-element.pd-current');
    expect(await page.locator('.djs-element.pd-path').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-test=tokens]').innerText()).toContain('Посещение открытого урока');
    await page.screenshot({ path: path.join(SHOTS, 'supervision-instance.png'), fullPage: true });
  });

  test('the indicators page shows the value the data gives: 1 of 2 instances of the municipality chose directions', async () => {
    await page.goto(`${s.url}/supervision/indicators`);
    const row = page.locator('[data-test=indicator-row][data-indicator=plan-chosen]');
    await row.waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('1 2 50,0 %');
    expect(await page.locator('[data-test=indicators-chart] rect.bar').count()).toBe(4);
    await page.screenshot({ path: path.join(SHOTS, 'supervision-indicators.png'), fullPage: true });
    // the export link downloads with the session cookie
    const href = await page.locator('[data-test=export-csv]').getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain('plan-chosen;Доля педагогов, выбравших направления сопровождения;Всего;1;2;50.0');
  });

  test('a count reads as a number, not a share; a breakdown unfolds per school; the period is a calendar or school year or dates', async () => {
    // the same variant with a breakdown by school and a count of teachers
    const [planChosen, ...rest] = SUPERVISION_VARIANT.indicators;
    const indicators = [{ ...planChosen, breakdown: { level: 'school' } }, ...rest, { key: 'teachers', name: 'Количество педагогов', kind: 'count', of: { count: 'users', role: 'teacher' } }];
    await ok(s, 'POST', '/api/deployments', { name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify({ ...SUPERVISION_VARIANT, indicators }) }] }, f.tokens['t-admin']);
    await page.goto(`${s.url}/supervision/indicators`);
    const count = page.locator('[data-test=indicator-row][data-indicator=teachers]');
    await count.waitFor();
    // the supervisor of municipality 1: its two teachers — «2», never «200,0 %»; no numerator, denominator or bar of its own
    expect((await count.locator('[data-test=indicator-value]').innerText()).trim()).toBe('2');
    expect((await count.innerText()).replace(/\s+/g, ' ')).toContain('Количество педагогов — — 2');
    expect(await page.locator('[data-test=indicators-chart] rect.bar').count()).toBe(4);
    expect(await page.locator('[data-test=period-title]').innerText()).toBe('Период: весь период');

    // the breakdown of plan-chosen, folded: school 1-1 has 1 of its 2, school 1-2 none
    const breakdown = page.locator('[data-breakdown=plan-chosen] [data-test=indicator-breakdown]');
    expect(await breakdown.locator('[data-test=breakdown-row]').first().isVisible()).toBe(false);
    await breakdown.locator('summary').click();
    const rows = (await breakdown.locator('[data-test=breakdown-row]').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['Школа 1-1 1 2 50,0 %', 'Школа 1-2 0 0 —']);
    await page.screenshot({ path: path.join(SHOTS, 'supervision-indicators-breakdown.png'), fullPage: true });

    // dates long past: nothing started then; the title says the period with its last day
    await page.selectOption('[data-test=period-mode]', 'custom');
    await page.fill('[data-test=period-from]', '2000-01-01');
    await page.fill('[data-test=period-to]', '2000-12-31');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/indicators?') && r.url().includes('to=2001-01-01')), page.click('.sv-filters button[type=submit]')]);
    await page.locator('[data-test=period-title]', { hasText: '01.01.2000 – 31.12.2000' }).waitFor();
    expect((await page.locator('[data-test=indicator-row][data-indicator=plan-chosen]').innerText()).replace(/\s+/g, ' ')).toContain('0 0 —');
    // a school year: 1 September to 31 August
    await page.selectOption('[data-test=period-mode]', 'school-year');
    const y = Number(await page.locator('[data-test=period-school-year]').inputValue());
    await Promise.all([page.waitForResponse((r) => r.url().includes(`period=${y}-${y + 1}`)), page.click('.sv-filters button[type=submit]')]);
    await page.locator('[data-test=period-title]', { hasText: `${y}/${y + 1} учебный год (01.09.${y} – 31.08.${y + 1})` }).waitFor();
    const csvHref = await page.locator('[data-test=export-csv]').getAttribute('href');
    expect(csvHref).toContain(`period=${y}-${y + 1}`);
  });

  test('an open task of a deactivated person shows in the alerts; the supervisor gives it to someone found by name, saying why', async () => {
    const diagram = fs.readFileSync(path.join(repoRoot(), 'test/integration/runtime/reassign.typed-login.bpmn'), 'utf8');
    await ok(s, 'POST', '/api/deployments', { name: 'typed', resources: [{ name: 'reassign.typed-login.bpmn', content: diagram }] }, f.tokens['t-admin']);
    const leaver = await ok(s, 'POST', '/api/users', { tenant: f.tenantKey, username: 'sv-leaver', password: 'password-123', fullName: 'Ушедшая Ответственная', memberships: [{ orgId: f.orgs.school11, role: 'teacher' }] }, f.superToken);
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'case-typed', variables: { responsible: 'sv-leaver' } }, f.tokens.methodist11);
    const [task] = (await ok(s, 'GET', `/api/supervision/instances/${inst.id}`, undefined, f.tokens['t-admin'])).tasks;
    await ok(s, 'POST', `/api/users/${leaver.id}/deactivate`, {}, f.superToken);

    await page.goto(`${s.url}/supervision`);
    const row = page.locator('[data-test=alert-row]', { hasText: 'Ушедшая Ответственная' });
    await row.locator('[data-test=reassign]').click();
    await row.locator('[data-test=reassign-user] option', { hasText: 'Методист школы 1-1' }).waitFor({ state: 'attached' });
    await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/tasks/${task.id}/assignee-candidates?q=`)),
      row.locator('[data-test=reassign-search]').fill('учитель 1-2'),
    ]);
    await row.locator('[data-test=reassign-user] option', { hasText: 'Методист' }).waitFor({ state: 'detached' });
    expect(await row.locator('[data-test=reassign-user] option').allInnerTexts()).toEqual(['Учитель школы 1-2 — Школа 1-2']);
    await row.locator('[data-test=reassign-comment]').fill('ответственная уволилась');
    await page.screenshot({ path: path.join(SHOTS, 'supervision-reassign.png'), fullPage: true });
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/tasks/${task.id}/assignee`) && r.status() === 200),
      row.locator('[data-test=reassign-save]').click(),
    ]);
    // the alert is gone; the history says who gave it, from whom, to whom and why
    await page.locator('[data-test=alert-row]', { hasText: 'Ушедшая Ответственная' }).waitFor({ state: 'detached' });
    const history = await ok(s, 'GET', `/api/process-instances/${inst.id}/history`, undefined, f.tokens['t-admin']);
    expect(history.items.find((h: any) => h.type === 'taskReassigned')).toMatchObject({
      userId: f.users.supervisor1, data: { taskId: task.id, from: leaver.id, to: f.users.teacher12, comment: 'ответственная уволилась' },
    });
  });

  test('the notifications page opens with its unread count, and no page raised an error', async () => {
    await page.goto(`${s.url}/notifications`);
    await page.waitForSelector('[data-test=unread-count]');
    await page.screenshot({ path: path.join(SHOTS, 'supervision-notifications.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
