import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { CHROMIUM, launchBrowser, login, newPage, screenshot } from '../../support/browser.js';
import type { TestBrowser } from '../../support/browser.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { PROCESSES, variantTenant } from './variant-support.js';

const variants = fs.readdirSync(PROCESSES).filter((f) => fs.existsSync(path.join(PROCESSES, f, 'variant.json'))).sort();
const canRun = fs.existsSync(CHROMIUM) && fs.existsSync(path.join(repoRoot(), 'designer/dist/index.html'));

/**
 * Every variant diagram opens in the designer (bpmn-js in Debian chromium) of a tenant of its
 * variant: every shape is drawn and the modeler's lint (bpmnlint recommended + the project's rules,
 * roles checked against the variant) finds nothing. Screenshots: test-results/screenshots/variant-*.png.
 * Needs chromium and the built designer (the test command provides both); skipped without them.
 */
(canRun ? describe : describe.skip)('variant diagrams in the designer', () => {
  let s: TestServer;
  const browsers: TestBrowser[] = [];
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.close();
  });

  test.each(variants)('%s: every diagram imports, renders every shape, and passes the modeler lint', async (v) => {
    const levels: string[] = JSON.parse(fs.readFileSync(path.join(PROCESSES, v, 'variant.json'), 'utf8')).levels;
    await variantTenant(s, v, `${v}-ui`, 'Europe/Moscow', [['root', 'Корень', levels[0]]], [], `${v}-ui-admin`);
    const b = await launchBrowser();
    browsers.push(b);
    const page = await newPage(b);
    await login(page, s.url, `${v}-ui-admin`, 'password-123');
    for (const f of fs.readdirSync(path.join(PROCESSES, v)).filter((x) => x.endsWith('.bpmn'))) {
      const xml = fs.readFileSync(path.join(PROCESSES, v, f), 'utf8');
      await page.goto(`${s.url}/processes/new`);
      await page.locator('.djs-element[data-element-id="StartEvent_1"]').first().waitFor({ timeout: 60_000 });
      await page.locator('[data-test="file-input"]').setInputFiles({ name: f, mimeType: 'application/xml', buffer: Buffer.from(xml) });
      const first = /<bpmndi:BPMNShape\b[^>]*\bbpmnElement="([^"]+)"/.exec(xml)![1];
      await page.locator(`.djs-element[data-element-id="${first}"]`).first().waitFor({ timeout: 60_000 });
      const ids = [...xml.matchAll(/<bpmndi:BPMNShape\b[^>]*\bbpmnElement="([^"]+)"/g)].map((m) => m[1]);
      for (const id of ids) expect(await page.locator(`.djs-element[data-element-id="${id}"]`).count()).toBeGreaterThan(0);
      await page.locator('[data-test="lint-summary"]').filter({ hasText: /ошибок 0, предупреждений 0/ }).waitFor({ timeout: 60_000 });
      expect(await page.locator('.alert-error').count()).toBe(0);
      await screenshot(page, `variant-${v}-${f.replace('.bpmn', '')}`);
    }
  }, 300_000);
});
