/**
 * Checks the browser suites run on every page they visit: English words in a Russian session,
 * horizontal scrolling, and accessibility (axe-core: serious and critical violations).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser bundle, injected into pages. */
const AXE = require.resolve('axe-core/axe.min.js');

/**
 * Latin words a Russian page may show: names of file formats and of the standard, and the names the
 * regulations themselves use (Kazakhstan's: the РУМЦДО trainer attends through Zoom). Everything else
 * in Latin letters is English that leaked into the interface.
 */
export const ALLOWED_LATIN = ['BPMN', 'XLSX', 'CSV', 'PDF', 'DOCX', 'ID', 'Zoom'];

/** Roman numerals (sections of a regulation: «разд. III»): Latin letters, not English. */
const ROMAN = /^[IVXLCDM]+$/;

/**
 * The English words the visible page shows in text and in the attributes people read or hear
 * (placeholder, title, aria-label, alt). Left out: addresses and e-mails, elements in another
 * language (`lang="en"`, the language switch) and the bpmn.io watermark the licence requires.
 */
export async function englishWords(page: Page): Promise<string[]> {
  return page.evaluate(({ allowed, roman }) => {
    const skip = (el: Element | null) => !el || !!el.closest('[lang]:not([lang="ru"]), .fjs-powered-by, .bjs-powered-by, script, style, noscript');
    const visible = (el: Element) => (el as HTMLElement).checkVisibility?.() ?? true;
    const found = new Set<string>();
    const scan = (text: string | null, where: string) => {
      if (!text) return;
      const words = text.replace(/https?:\/\/\S+/g, ' ').replace(/\S+@\S+\.\S+/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
      for (const w of words) if (!allowed.includes(w) && !new RegExp(roman).test(w)) found.add(`${w} (${where.slice(0, 60)})`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !visible(el)) continue;
      scan(n.textContent, n.textContent ?? '');
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], [alt]')) {
      if (skip(el) || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt']) scan(el.getAttribute(a), `${el.tagName.toLowerCase()}[${a}]`);
    }
    return [...found];
  }, { allowed: ALLOWED_LATIN, roman: ROMAN.source });
}

/** How many pixels the page is wider than the window (0: no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** The serious and critical axe-core violations of the page, each with up to three of its elements. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated through the DevTools protocol: the server's content security policy (script-src 'self')
    // refuses an injected inline <script>, as it should.
    await page.evaluate(`${fs.readFileSync(AXE, 'utf8')}\n;void 0`);
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run({ exclude: [['.fjs-powered-by'], ['.bjs-powered-by']] }, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

/** Waits until the page has drawn what it loaded: no «Загрузка…» left, two animation frames later. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.innerText.includes('Загрузка…'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
