/**
 * The role holder's work surface in a real browser (Debian chromium) against a real server and
 * PostgreSQL with the demo data of every variant: a teacher, a school methodist, a municipal
 * service and a supervisor of Kamchatka walk through their pages at 1440 px and 390 px. On every
 * page: no horizontal scrolling, no English word in the Russian session, no serious or critical
 * axe-core violation; screenshots in test-results/screenshots/surface-*.png. And: the methodist
 * reads what the teacher and she filled in before as labelled values (option labels, dates in
 * Russian format, no JSON); every inbox row names whom the task is about; search finds the tasks
 * of a teacher by her surname; the municipal service follows the teacher's link to her
 * materials; the supervisor lands on supervision; menus offer only what each may use.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import type { TestBrowser } from '../support/browser.js';
import { englishWords, horizontalOverflow, seriousAxeViolations, settled } from '../support/page-checks.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { PROCESSES } from '../integration/variants/variant-support.js';

const PASSWORD = 'demo-2026';
const TEACHER = { login: 'kam-teacher1', name: 'Иванова Мария Петровна', surname: 'Иванова' };
const METHODIST = 'kam-metodist-s33';
const MUNICIPAL = 'kam-mms-pk';
const SUPERVISOR = 'kam-supervisor';
/** Role holders of two other regions' variants. */
const KZ_TEACHER = 'kz-teacher1';
const MOT_CURATOR = 'mot-curator';
const WIDTHS = [1440, 390] as const;

type CheckedPage = Page & { errors: string[] };

describe('browser: the role holder’s work surface, in Russian, on any screen', () => {
  let s: TestServer;
  const browsers: TestBrowser[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer({ DEMO_DATA: 'true', PROCESSES_DIR: PROCESSES });
    for (const u of [TEACHER.login, METHODIST, MUNICIPAL, SUPERVISOR, KZ_TEACHER, MOT_CURATOR, 'kz-mo-ddt']) tokens[u] = await s.login(u, PASSWORD);
  }, 300_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.close();
  });

  async function signIn(username: string): Promise<CheckedPage> {
    const b = await launchBrowser();
    browsers.push(b);
    const page = await newPage(b);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${s.url}/login`);
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }

  /** Opens a page of the app and waits until it has drawn what it loaded. */
  async function open(page: CheckedPage, path: string, ready: string): Promise<void> {
    await page.goto(`${s.url}${path}`);
    await page.locator(ready).first().waitFor();
    await settled(page);
  }

  /** The checks every page passes, at both widths, with a screenshot of each. */
  async function inspect(page: CheckedPage, name: string): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await settled(page);
      await screenshot(page, `surface-${name}-${width}`);
      const found = {
        page: name,
        width,
        overflow: Math.max(0, await horizontalOverflow(page)),
        english: await englishWords(page),
        axe: await seriousAxeViolations(page),
      };
      expect(found).toEqual({ page: name, width, overflow: 0, english: [], axe: [] });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(page.errors).toEqual([]);
  }

  /** Whether a step marked current is drawn wholly inside the visible part of the diagram in `container`. */
  const currentInView = (page: Page, container: string) =>
    page.evaluate((sel) => {
      const c = document.querySelector(sel)!.getBoundingClientRect();
      return [...document.querySelectorAll(`${sel} .pd-current`)].some((e) => {
        const b = e.getBoundingClientRect();
        return b.width > 0 && b.left >= c.left && b.right <= c.right && b.top >= c.top && b.bottom <= c.bottom;
      });
    }, container);

  /**
   * What the Tab key reaches from the top of the page, in order (each control by its data-test, else
   * its label or text), up to `max` presses; a control focused while hidden is named `hidden:…`.
   */
  async function tabStops(page: Page, max = 40): Promise<string[]> {
    // a fresh load: the keyboard starts from the top of the page
    await page.reload();
    await settled(page);
    const stops: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const name = el.dataset.test || el.getAttribute('aria-label') || (el.textContent ?? '').trim().slice(0, 30);
        return el.checkVisibility() ? name : `hidden:${name}`;
      });
      if (stop) stops.push(stop);
    }
    return stops;
  }

  /** The sections the header offers. */
  async function menu(page: CheckedPage): Promise<string[]> {
    return page.locator('.main-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('data-test') ?? ''));
  }

  const api = async (method: string, path: string, body: unknown, user: string) => {
    const r = await s.call(method, path, body, tokens[user]);
    if (r.status >= 300) throw new Error(`${method} ${path} as ${user} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const openTasks = async (user: string) => (await api('GET', '/api/tasks?size=100', undefined, user)).items as { id: string; elementId: string; processInstanceId: string }[];

  test('the teacher: her inbox, her own step, her routes, the start of a route, notifications; no modeler, no supervision', async () => {
    const page = await signIn(TEACHER.login);
    await page.waitForURL(/\/inbox/);
    await settled(page);
    expect(await menu(page)).toEqual(['nav-inbox', 'nav-routes']);
    await inspect(page, 'teacher-inbox');
    // the keyboard reaches the menu, the notifications, search, her task and the sign-out; nothing hidden takes the focus
    const wide = await tabStops(page);
    expect(wide).toEqual(expect.arrayContaining(['nav-inbox', 'nav-routes', 'bell', 'search', 'search-submit', 'task-link', 'Выйти']));
    expect(wide.filter((x) => x.startsWith('hidden:'))).toEqual([]);
    // on a phone: the menu button opens the menu with Enter, and the keyboard goes on into it
    await page.setViewportSize({ width: 390, height: 844 });
    const narrow = await tabStops(page, 4);
    expect(narrow).toEqual(expect.arrayContaining(['bell', 'menu-toggle']));
    expect(narrow.filter((x) => x.startsWith('hidden:'))).toEqual([]);
    await page.locator('[data-test="menu-toggle"]').focus();
    await page.keyboard.press('Enter');
    const inMenu: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      inMenu.push(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.test || (document.activeElement?.textContent ?? '').trim()));
    }
    expect(inMenu).toEqual(expect.arrayContaining(['nav-routes', 'Выйти']));
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1440, height: 900 });

    const [own] = (await openTasks(TEACHER.login)).filter((t) => t.elementId === 'choose-direction');
    await open(page, `/inbox/tasks/${own.id}`, '[data-test="complete"]');
    await inspect(page, 'teacher-task');

    // her routes: each with where it is, the next deadline; the first opened with its diagram and steps
    await open(page, '/routes', '[data-test="route"]');
    const routes = page.locator('[data-test="route"]');
    expect(await routes.count()).toBe((await api('GET', '/api/process-instances?subject=me', undefined, TEACHER.login)).total);
    await page.locator('[data-test="route-diagram"] .pd-current').first().waitFor();
    await page.locator('[data-test="route-ahead"] li, [data-test="route-done"] li').first().waitFor();
    await settled(page);
    // a diagram too wide to read fitted is shown around where the route is now, not from its start
    expect(await currentInView(page, '[data-test="route-diagram"]')).toBe(true);
    // the steps every route goes through are ahead; those of an event (difficulties) come «if needed»
    const ahead = await page.locator('[data-test="route"]').first().locator('[data-test="route-ahead"] li').allTextContents();
    const ifNeeded = await page.locator('[data-test="route"]').first().locator('[data-test="route-if-needed"] li').allTextContents();
    expect(ahead.map((x) => x.trim())[0]).toBe('Собеседование с педагогом (методическая служба ОО)');
    expect(ahead.join('\n')).not.toContain('затруднения');
    expect(ifNeeded.map((x) => x.trim())).toContain('Отметка: педагог испытывает затруднения');
    await inspect(page, 'teacher-routes');

    // starting a route: processes by name and description; a confirmation says what will happen
    await open(page, '/start', '[data-test="start"]');
    await inspect(page, 'teacher-start');
    expect(await page.locator('[data-test="definitions"]').textContent()).not.toMatch(/[a-z]+-[a-z]+/);
    await page.locator('[data-process-key="post-course-support"] [data-test="start"]').click();
    await page.locator('[data-test="start-confirm"]').waitFor();
    expect(await page.locator('[data-test="confirm-who"]').textContent()).toContain('о вас');
    expect(await page.locator('[data-test="start-confirm"]').textContent()).toContain('Первый шаг');
    await inspect(page, 'teacher-start-confirm');
    await page.getByRole('button', { name: 'Отмена' }).click();

    await open(page, '/notifications', 'h1');
    await inspect(page, 'teacher-notifications');
  });

  test('the methodist: whom each task is about, search by surname, and what came before as labelled values', async () => {
    const page = await signIn(METHODIST);
    await page.waitForURL(/\/inbox/);
    const rows = page.locator('[data-test="task-row"]');
    await rows.first().waitFor();
    await settled(page);
    // every row names the teacher the route is about
    const subjects = await page.locator('[data-test="task-subject"]').allTextContents();
    expect(subjects.length).toBeGreaterThan(1);
    for (const name of subjects) expect(name.trim()).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ]/);
    expect(subjects.map((x) => x.trim())).toContain(TEACHER.name);
    await inspect(page, 'methodist-inbox');

    // search by the teacher's surname finds her tasks and only hers
    await page.locator('[data-test="search"]').fill(TEACHER.surname);
    await page.locator('[data-test="search-submit"]').click();
    await page.waitForURL(new RegExp(`q=${encodeURIComponent(TEACHER.surname)}`));
    await settled(page);
    const found = await page.locator('[data-test="task-subject"]').allTextContents();
    expect(found.length).toBeGreaterThan(0);
    for (const name of found) expect(name.trim()).toBe(TEACHER.name);
    await inspect(page, 'methodist-search');

    // her task on the teacher's route: the teacher's choices and her own plan, read-only and labelled
    const prepare = (await openTasks(METHODIST)).find((t) => t.elementId === 'prepare-event')!;
    await open(page, `/inbox/tasks/${prepare.id}`, '[data-test="previous-step"]');
    await page.locator('[data-test="subject-name"]').waitFor();
    expect(await page.locator('[data-test="subject-name"]').textContent()).toBe(TEACHER.name);
    // the step is one of two (one per event of her plan): which event it is for, with the plan's labels
    const loopTitle = (await page.locator('[data-test="loop-item-title"]').textContent())!.trim();
    expect(loopTitle).toMatch(/^Мероприятия педагога: [12] из 2$/);
    const itemValues = await page.locator('[data-test="loop-item"] input').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
    expect(itemValues).toContain(loopTitle.includes(': 1 из') ? 'Смысловое чтение на уроках математики' : 'Функциональная грамотность: опыт школы');
    const steps = page.locator('[data-test="previous-step"]');
    const titles = (await steps.locator('summary').allTextContents()).join('\n');
    expect(titles).toContain('Выбор направлений посткурсового сопровождения');
    expect(titles).toContain('Помощь в разработке мероприятий');
    expect(titles).toContain(TEACHER.name);
    const closed = page.locator('[data-test="previous-step"] details:not([open]) summary');
    while ((await closed.count()) > 0) await closed.first().click();
    await settled(page);
    /** The value of the read-only control labelled `label` (its text for selects and checklists). */
    const labelled = (label: string) =>
      page.evaluate((text) => {
        const l = [...document.querySelectorAll('[data-test="previous-steps"] label')].find((x) => x.textContent?.trim().replace(/\*$/, '') === text);
        const control = l?.getAttribute('for') ? document.getElementById(l.getAttribute('for')!) : null;
        if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) return control.value;
        return l?.closest('.fjs-form-field')?.querySelector('.fjs-select-display')?.textContent ?? null;
      }, label);
    expect(await labelled('Тема курсов, по которой осуществляется посткурсовое сопровождение')).toBe('Реализация требований обновлённых ФГОС');
    expect(await labelled('Тема')).toBe('Смысловое чтение на уроках математики');
    expect(await labelled('Форма мероприятия')).toBe('Открытое учебное занятие');
    expect(await labelled('Планируемая дата')).toBe('10.12.2026');
    // the checked directions by their names
    const checked = await page.locator('[data-test="previous-steps"] .fjs-form-field-checklist input:checked').evaluateAll((xs) =>
      xs.map((x) => document.querySelector(`label[for="${x.id}"]`)?.textContent?.trim() ?? x.closest('label')?.textContent?.trim()));
    expect(checked).toEqual(['Предметные компетенции', 'Методические компетенции']);
    // no JSON anywhere on the page: not in text, not in any field
    const text = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((x) => (x as HTMLInputElement).value).join(' '));
    expect(text).not.toMatch(/[{}]|\["|":/);
    await inspect(page, 'methodist-task');

    // she may start a route for the teachers of her school: a picker of them in the confirmation
    await open(page, '/start', '[data-test="start"]');
    await inspect(page, 'methodist-start');
    await page.locator('[data-process-key="post-course-support"] [data-test="start"]').click();
    await page.locator('[data-test="start-subject"]').waitFor();
    const people = await page.locator('[data-test="start-subject"] option').allTextContents();
    expect(people.some((p) => p.startsWith(TEACHER.name))).toBe(true);
    await page.locator('[data-test="start-subject"]').selectOption({ label: people.find((p) => p.startsWith(TEACHER.name))! });
    expect(await page.locator('[data-test="confirm-who"]').textContent()).toContain(TEACHER.name);
    await inspect(page, 'methodist-start-confirm');
    await page.getByRole('button', { name: 'Отмена' }).click();

    await open(page, '/notifications', 'h1');
    await inspect(page, 'methodist-notifications');
  });

  test('the municipal service: the visit to the teacher’s open lesson, with her materials one click away', async () => {
    // the route goes on to the municipal visit: preparation, the lessons held (with links), the school's visits
    const route = (await openTasks(METHODIST)).filter((t) => t.elementId === 'prepare-event');
    for (const t of route) await api('POST', `/api/tasks/${t.id}/complete`, { variables: { consultationNotes: 'Сценарий обсуждён' } }, METHODIST);
    for (const [i, t] of (await openTasks(TEACHER.login)).filter((x) => x.elementId === 'hold-event').entries()) {
      await api('POST', `/api/tasks/${t.id}/complete`, { variables: { heldOn: '2026-12-10', materialsUrl: `https://school33.example.ru/lesson-${i + 1}` } }, TEACHER.login);
    }
    for (const t of (await openTasks(METHODIST)).filter((x) => x.elementId === 'attend-event')) {
      await api('POST', `/api/tasks/${t.id}/complete`, { variables: { attended: true, visitNotes: 'Урок посещён' } }, METHODIST);
    }
    const [visit] = (await openTasks(MUNICIPAL)).filter((t) => t.elementId === 'mms-visit');
    expect(visit).toBeDefined();

    const page = await signIn(MUNICIPAL);
    await page.waitForURL(/\/inbox/);
    await page.locator('[data-test="task-row"]').first().waitFor();
    await settled(page);
    expect(await page.locator('[data-test="task-subject"]').first().textContent()).toContain(TEACHER.name);
    await inspect(page, 'municipal-inbox');

    await open(page, `/inbox/tasks/${visit.id}`, '[data-test="previous-step"]');
    const closed = page.locator('[data-test="previous-step"] details:not([open]) summary');
    while ((await closed.count()) > 0) await closed.first().click();
    const link = page.locator('[data-test="previous-steps"] a[href^="https://school33.example.ru/lesson-"]').first();
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    await inspect(page, 'municipal-task');
    await open(page, '/notifications', 'h1');
    await inspect(page, 'municipal-notifications');

    // the methodist's notification of a task she has since completed shows it done and explains
    const methodist = await signIn(METHODIST);
    await open(methodist, '/notifications', '[data-test="notification-done"]');
    await methodist.locator('[data-test="notification-open"]').first().click();
    const why = methodist.locator('[data-test="notification-explain"]');
    await why.waitFor();
    expect(await why.textContent()).toMatch(/уже выполн|отменена/);
    await inspect(methodist, 'methodist-notification-done');
  });

  test('the supervisor lands on supervision, reads the map and the indicators; no inbox in her menu', async () => {
    const page = await signIn(SUPERVISOR);
    await page.waitForURL(/\/supervision/);
    await settled(page);
    expect(await menu(page)).toEqual(['nav-supervision']);
    await inspect(page, 'supervisor-alerts');
    // acknowledging an alert: it then says who acknowledged it, and offers «Подтвердить» no more
    const me = (await api('GET', '/api/auth/me', undefined, SUPERVISOR)) as { fullName: string };
    await page.locator('[data-test="alert-row"] [data-test="ack"]').first().click();
    await page.locator('.sv-ack-form input').fill('Связались со школой');
    await page.locator('.sv-ack-form button[type="submit"]').click();
    const acked = page.locator('[data-test="alert-row"]', { hasText: 'Связались со школой' });
    await acked.locator('[data-test="alert-ack"]').waitFor();
    expect(await acked.locator('[data-test="alert-ack"]').textContent()).toContain(me.fullName);
    expect(await acked.locator('[data-test="ack"]').count()).toBe(0);
    await settled(page);
    await inspect(page, 'supervisor-alert-acknowledged');
    await open(page, '/supervision/map', '[data-test="map-summary"]');
    await page.locator('[data-test="definition-select"]').selectOption({ label: (await page.locator('[data-test="definition-select"] option').allTextContents()).find((o) => o.startsWith('Посткурсовое'))! });
    await page.locator('[data-test="badge-active"]').first().waitFor();
    await settled(page);
    // counts readable: a badge is drawn at a legible size, the table names every step in process order
    const badge = await page.locator('[data-test="badge-active"]').first().boundingBox();
    expect(badge!.height).toBeGreaterThanOrEqual(16);
    const names = await page.locator('[data-test="map-table"] tbody td:first-child').allTextContents();
    expect(names.filter((n) => /^[a-z0-9-]+$/.test(n.trim()))).toEqual([]);
    await page.locator('[data-test="zoom-in"]').click();
    await page.locator('[data-test="zoom-fit"]').click();
    await inspect(page, 'supervisor-map');
    await open(page, '/supervision/indicators', '[data-test="indicator-row"]');
    await inspect(page, 'supervisor-indicators');
    const [row] = (await api('GET', '/api/alerts', undefined, SUPERVISOR)).items;
    await open(page, `/supervision/instances/${row.processInstanceId}`, '[data-test="instance-canvas"] .pd-current');
    expect(await currentInView(page, '[data-test="instance-canvas"]')).toBe(true);
    // whom the route is about, by name
    expect((await page.locator('[data-test="instance-subject"]').textContent())!.trim()).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+/);
    // what was filled in along the route, as the next person reads it: forms, not the variables' JSON
    await page.locator('[data-test="previous-step"] .fjs-form').first().waitFor();
    expect((await page.locator('[data-test="previous-steps"] summary').allTextContents()).join('\n')).toContain('Выбор направлений посткурсового сопровождения');
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/[{}]|\["|":/);
    await settled(page);
    await inspect(page, 'supervisor-instance');
    await open(page, '/notifications', 'h1');
    await inspect(page, 'supervisor-notifications');
  });

  test('other regions: a teacher of Kazakhstan starts only what starts by hand; the municipal curator of Motygino reads her task and its roles by name', async () => {
    const page = await signIn(KZ_TEACHER);
    await page.waitForURL(/\/inbox/);
    await settled(page);
    await inspect(page, 'kz-teacher-inbox');
    await open(page, '/routes', '[data-test="route"], [data-test="routes-empty"]');
    await inspect(page, 'kz-teacher-routes');
    // the half-year report starts by itself (a timer per organisation): not offered by hand
    await open(page, '/start', '[data-test="start"]');
    const offered = await page.locator('[data-test="definitions"] [data-process-key]').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-process-key')));
    expect(offered).toContain('post-course-support');
    expect(offered).not.toContain('halfyear-report');
    await inspect(page, 'kz-teacher-start');

    const curator = await signIn(MOT_CURATOR);
    await curator.waitForURL(/\/inbox/);
    await settled(curator);
    await inspect(curator, 'mot-curator-inbox');
    const tasks = (await openTasks(MOT_CURATOR));
    // a step with an empty choice (a long label, a select): Russian, wrapped, nothing wider than a phone
    const choose = tasks.find((t) => t.elementId === 'choose-diagnostic-variant')!;
    await open(curator, `/inbox/tasks/${choose.id}`, '[data-test="complete"]');
    await curator.locator('.fjs-select-display').first().waitFor();
    await settled(curator);
    expect(await curator.locator('.fjs-select-placeholder').first().textContent()).toBe('Выберите…');
    await inspect(curator, 'mot-curator-task');
    // a step offered to school roles she does not hold: every candidate role by its name, none by its key
    const shared = tasks.find((t) => t.elementId === 'ext-row-support')!;
    await open(curator, `/inbox/tasks/${shared.id}`, '[data-test="task-context"]');
    const roles = await curator.locator('[data-test="candidate-roles"]').textContent();
    expect(roles).not.toMatch(/[a-z]+-[a-z]+/);
    expect(roles).toContain('Муниципальный куратор ИОМ');
    await inspect(curator, 'mot-curator-shared-task');

    // the Kazakhstan methodical association reads the teacher's links: each one under its field, the value in view
    const mo = await signIn('kz-mo-ddt');
    const [conclusion] = (await api('GET', '/api/tasks?size=100', undefined, 'kz-mo-ddt')).items.filter((t: { elementId: string }) => t.elementId === 'expert-conclusion');
    await open(mo, `/inbox/tasks/${conclusion.id}`, '[data-test="previous-steps"] a.fjs-link-out');
    expect(await mo.locator('[data-test="previous-steps"] .fjs-input-group a.fjs-link-out').count()).toBe(0);
    await inspect(mo, 'kz-mo-task');
  });
});
