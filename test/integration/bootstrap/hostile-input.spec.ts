/**
 * Hostile input gets a 4xx naming what is wrong (in Russian), nothing is stored, and the server
 * stays up: NUL and lone surrogates in JSON strings, nesting thousands deep (JSON bodies before
 * authentication, BPMN, forms), page and size out of range, overlong strings, malformed cookies
 * and URLs.
 */
import { createTenantFixture, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { sql } from '../identity/identity-fixtures.js';

const FLOW = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="hostile" name="Проверка ввода" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <bpmn:userTask id="t1" name="Задача" /><bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

const RUSSIAN = /[а-яё]/i;
/** The suites' client asks for English by default; these checks read the Russian messages. */
const RU = { 'accept-language': 'ru' };

describe('hostile input: a 4xx in Russian naming what is wrong, the server stays up', () => {
  let s: TestServer;
  let f: TenantFixture;
  let admin: string;

  /** Sends a raw JSON text (not re-serialised, so escapes like \\ud800 reach the server as written). */
  const raw = (method: string, path: string, text: string, token?: string, headers: Record<string, string> = {}) =>
    s.call(method, path, text, token, { 'content-type': 'application/json', 'accept-language': 'ru', ...headers });

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'hostile');
    admin = f.tokens['t-admin'];
    await ok(s, 'POST', '/api/deployments', { name: 'hostile', resources: [{ name: 'hostile.bpmn', content: FLOW }] }, admin);
  });
  afterAll(async () => {
    await s?.close();
  });
  afterEach(async () => {
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });

  describe('NUL and lone surrogates in JSON strings', () => {
    test.each([
      ['NUL in the username of the (unauthenticated) login', '{"username":"a\\u0000b","password":"x"}', /username: содержит нулевой символ/],
      ['a lone high surrogate in the login', '{"username":"\\ud800","password":"x"}', /суррогат/],
      ['a lone low surrogate in the password', '{"username":"teacher11","password":"x\\udc00y"}', /суррогат/],
    ])('%s → 400', async (_name, body, message) => {
      const r = await raw('POST', '/api/auth/login', body);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(message);
      expect(r.body.message).toMatch(RUSSIAN);
    });

    test('a NUL in a variable name or value of a new instance → 400 naming the field; no instance', async () => {
      const before = (await sql(s, `SELECT count(*)::int AS n FROM process_instance`))[0].n;
      const a = await raw('POST', '/api/process-instances', '{"processKey":"hostile","variables":{"note":"x\\u0000"}}', f.tokens.teacher11);
      expect(a.status).toBe(400);
      expect(a.body.message).toMatch(/variables\.note.*нулевой символ/);
      const b = await raw('POST', '/api/process-instances', '{"processKey":"hostile","variables":{"a\\u0000":1}}', f.tokens.teacher11);
      expect(b.status).toBe(400);
      const c = await raw('POST', '/api/process-instances', '{"processKey":"hostile","businessKey":"\\udfff"}', f.tokens.teacher11);
      expect(c.status).toBe(400);
      expect((await sql(s, `SELECT count(*)::int AS n FROM process_instance`))[0].n).toBe(before);
    });

    test('a NUL in a query value or in the path → 400', async () => {
      expect((await s.call('GET', '/api/users?q=%00', undefined, admin)).status).toBe(400);
      expect((await s.call('GET', '/api/tasks?processKey=a%00b', undefined, admin)).status).toBe(400);
      expect((await s.call('GET', '/api/users/%00', undefined, admin)).status).toBe(400);
      expect((await s.call('GET', '/api/users/%E0%A4%A', undefined, admin)).status).toBe(400);
    });

    test('a NUL in a CSV import body → 400, nothing created', async () => {
      const r = await s.call('POST', `/api/organizations/import?tenant=hostile`, 'name;level;parent\nШкола\u0000;school;Регион/Район 1\n', admin, { 'content-type': 'text/csv' });
      expect(r.status).toBe(400);
      expect((await sql(s, `SELECT count(*)::int AS n FROM organization WHERE name LIKE 'Школа%' AND name NOT LIKE 'Школа %'`))[0].n).toBe(0);
    });
  });

  describe('bodies the parser cannot read: 4xx in Russian, not the parser\'s English', () => {
    test.each([
      ['cut-off JSON', '{"username":', {}, 400, /^Тело запроса — не JSON/],
      ['a trailing comma', '{"username":"a",}', {}, 400, /^Тело запроса — не JSON/],
      ['a raw NUL byte in a string', '{"username":"a\u0000b","password":"x"}' /* a real NUL character in the text */, {}, 400, /^Тело запроса — не JSON/],
      ['a charset other than UTF-8', '{}', { 'content-type': 'application/json; charset=koi8-r' }, 415, /Кодировка тела запроса «koi8-r» не поддерживается/],
      ['an unknown content encoding', '{}', { 'content-encoding': 'br2' }, 415, /Сжатие тела запроса «br2» не поддерживается/],
      ['gzip that is not gzip', 'xx', { 'content-encoding': 'gzip' }, 400, /Тело запроса не удалось прочитать/],
    ])('%s on the (unauthenticated) login → a 4xx in Russian', async (_name, body, headers, status, message) => {
      const r = await raw('POST', '/api/auth/login', body, undefined, headers as Record<string, string>);
      expect([r.status, r.body.message]).toEqual([status, expect.stringMatching(message)]);
      expect(r.body.message).toMatch(RUSSIAN);
    });
  });

  describe('nesting depth', () => {
    const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

    test('a JSON body nested 100 000 deep → 400 before authentication', async () => {
      const r = await raw('POST', '/api/deployments', deepArray(100_000));
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/вложено глубже/);
    });

    test('an object nested 10 000 deep on the login → 400', async () => {
      const r = await raw('POST', '/api/auth/login', deepObject(10_000));
      expect(r.status).toBe(400);
    });

    test('variables nested 65 deep → 400; 30 deep are fine', async () => {
      const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) });
      const bad = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: { x: nest(70) } }, f.tokens.teacher11, RU);
      expect(bad.status).toBe(400);
      const fine = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: { x: nest(30) } }, f.tokens.teacher11);
      expect(fine.status).toBe(201);
    });

    test('BPMN nested 5000 deep → 400 naming the resource; nothing deployed', async () => {
      const before = (await sql(s, `SELECT count(*)::int AS n FROM deployment`))[0].n;
      const open = Array.from({ length: 5000 }, (_, i) => `<bpmn:subProcess id="sp${i}">`).join('');
      const close = '</bpmn:subProcess>'.repeat(5000);
      const xml = FLOW.replace('<bpmn:endEvent id="e" />', `<bpmn:endEvent id="e" />${open}${close}`);
      const r = await s.call('POST', '/api/deployments', { name: 'deep', resources: [{ name: 'deep.bpmn', content: xml }] }, admin, RU);
      expect(r.status).toBe(400);
      expect(r.body.problems[0]).toMatchObject({ resource: 'deep.bpmn', message: expect.stringMatching(/вложены глубже/) });
      expect((await sql(s, `SELECT count(*)::int AS n FROM deployment`))[0].n).toBe(before);
    });

    test('a form nested 5000 deep → 400 naming the resource', async () => {
      let c = '{"type":"textfield","key":"x","label":"x"}';
      for (let i = 0; i < 5000; i++) c = `{"type":"group","label":"g","components":[${c}]}`;
      const form = `{"id":"deep","type":"default","components":[${c}]}`;
      const r = await s.call('POST', '/api/deployments', { name: 'deep', resources: [{ name: 'deep.form', content: form }] }, admin, RU);
      expect(r.status).toBe(400);
      expect(r.body.problems[0]).toMatchObject({ resource: 'deep.form', message: expect.stringMatching(/вложен глубже/) });
    });
  });

  describe('page and size', () => {
    test.each(['/api/users', '/api/process-instances', '/api/notifications', '/api/tasks'])('%s?page=1e308 and size=1e308 → 400', async (path) => {
      for (const q of ['page=1e308', 'size=1e308', 'page=-1', 'page=1.5', 'page=NaN', 'page=100001']) {
        const r = await s.call('GET', `${path}?${q}`, undefined, admin);
        if (r.status !== 400) throw new Error(`${path}?${q} → ${r.status} ${JSON.stringify(r.body)}`);
      }
      const last = await s.call('GET', `${path}?page=100000&size=500`.replace('size=500', path.includes('notifications') ? 'size=200' : 'size=500'), undefined, admin);
      expect(last.status).toBe(200);
    });
  });

  describe('length limits', () => {
    test('a business key of 1 MB → 400 naming businessKey; no instance', async () => {
      const r = await s.call('POST', '/api/process-instances', { processKey: 'hostile', businessKey: 'k'.repeat(1024 * 1024) }, f.tokens.teacher11, RU);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/businessKey.*длиннее/);
      expect((await sql(s, `SELECT count(*)::int AS n FROM process_instance WHERE length(business_key) > 1000`))[0].n).toBe(0);
    });

    test('a full name of 100 000 characters, a 3000-character query value → 400', async () => {
      const u = await s.call('POST', '/api/users', { username: 'long-name', password: 'password-123', fullName: 'Я'.repeat(100_000), memberships: [{ orgId: f.orgs.school11, role: 'teacher' }] }, admin, RU);
      expect(u.status).toBe(400);
      expect(u.body.message).toMatch(/fullName/);
      const q = await s.call('GET', `/api/users?q=${'x'.repeat(3000)}`, undefined, admin);
      expect(q.status).toBe(400);
    });

    test('a variable name of 1 MB or 300 characters, 100 000 or 12 000 variables, a list of 15 000 items → 400 naming the field; 5000 variables are fine', async () => {
      const before = (await sql(s, `SELECT count(*)::int AS n FROM process_instance`))[0].n;
      const longName = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: { ['k'.repeat(1_000_000)]: 1 } }, f.tokens.teacher11, RU);
      expect([longName.status, longName.body.message]).toEqual([400, 'поле variables: имя поля длиннее 1000 символов']);
      const name300 = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: { ['k'.repeat(300)]: 1 } }, f.tokens.teacher11, RU);
      expect([name300.status, name300.body.message]).toEqual([400, 'поле variables: имя поля длиннее 255 символов']);
      const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`v${i}`, i]));
      const tooMany = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: many }, f.tokens.teacher11, RU);
      expect([tooMany.status, tooMany.body.message]).toEqual([400, 'тело запроса: больше 20000 значений (полей и элементов списков)']);
      const over = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`v${i}`, i]));
      const overField = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: over }, f.tokens.teacher11, RU);
      expect([overField.status, overField.body.message]).toEqual([400, 'поле variables: больше 10000 значений (полей и элементов списков)']);
      const longList = await s.call('POST', '/api/tasks/00000000-0000-4000-8000-000000000000/complete', { variables: { rows: Array.from({ length: 15_000 }, (_, i) => i) } }, f.tokens.teacher11, RU);
      expect([longList.status, longList.body.message]).toEqual([400, 'поле variables: больше 10000 значений (полей и элементов списков)']);
      // a task completion is held to the limits of every variable (it was not: its body had no DTO)
      const longText = await s.call('POST', '/api/tasks/00000000-0000-4000-8000-000000000000/complete', { variables: { note: 'x'.repeat(200_000) } }, f.tokens.teacher11, RU);
      expect([longText.status, longText.body.message]).toEqual([400, 'поле variables.note: длиннее 100000 символов']);
      expect((await sql(s, `SELECT count(*)::int AS n FROM process_instance`))[0].n).toBe(before);
      const fine = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`v${i}`, i]));
      expect((await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: fine }, f.tokens.teacher11)).status).toBe(201);
    });

    test('a variable string of 200 000 characters → 400; a deployment resource may be long', async () => {
      const r = await s.call('POST', '/api/process-instances', { processKey: 'hostile', variables: { text: 'x'.repeat(200_000) } }, f.tokens.teacher11, RU);
      expect(r.body.message).toMatch(/длиннее 100000 символов/);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/variables\.text/);
      const padded = FLOW.replace('<bpmn:process', `<!-- ${'комментарий '.repeat(20_000)} --><bpmn:process`);
      expect((await s.call('POST', '/api/deployments', { name: 'long', resources: [{ name: 'hostile.bpmn', content: padded }] }, admin)).status).toBe(201);
    });
  });

  describe('cookies', () => {
    test('a malformed pd_session cookie breaks no route', async () => {
      const cookie = { cookie: 'pd_session=%E0%A4%A' };
      expect((await s.call('GET', '/api/health', undefined, undefined, cookie)).status).toBe(200);
      const me = await s.call('GET', '/api/auth/me', undefined, undefined, cookie);
      expect(me.status).toBe(401);
      expect((await s.call('GET', '/api/tasks', undefined, undefined, cookie)).status).toBe(401);
      expect((await s.call('POST', '/api/auth/logout', undefined, undefined, cookie)).status).toBe(204);
      expect((await s.call('POST', '/api/auth/login', { username: 'teacher11', password: 'password-123' }, undefined, cookie)).status).toBe(200);
    });
  });
});
