/**
 * Property-based fuzzing of the API surfaces with fast-check, against a real server and
 * PostgreSQL: BPMN deployments (mutated diagrams), FEEL in diagrams (generated expressions in
 * gateway conditions, deployed and run), JSON variables, form submissions, query strings,
 * cookies and the login. The property everywhere: the answer is never a 5xx, and the server
 * stays up (health answers 200 after every property).
 *
 * Runs per property: `FUZZ_RUNS` (default 60: the short run of the test command, well under a
 * minute here); `npm run test:fuzz:long` runs thousands. A failure prints fast-check's seed and
 * the shrunk counterexample; re-run it with `FUZZ_SEED=<seed>`.
 */
import fc from 'fast-check';
import { createTenantFixture, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** A generous bound per property (a run is a few requests; the long run has thousands). */
const TIMEOUT = 120_000 + RUNS * 3_000;
const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: false };

const FORM = JSON.stringify({
  id: 'fuzz-form',
  type: 'default',
  components: [
    { type: 'textfield', key: 'topic', label: 'Тема', validate: { required: true, maxLength: 200 } },
    { type: 'number', key: 'hours', label: 'Часы', validate: { min: 0, max: 1000 } },
    { type: 'checkbox', key: 'done', label: 'Готово' },
    { type: 'select', key: 'kind', label: 'Вид', values: [{ value: 'a', label: 'А' }, { value: 'b', label: 'Б' }] },
    { type: 'textarea', key: 'note', label: 'Заметка' },
  ],
});

const diagram = (id: string, condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" name="Проверка" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="task" />
    <bpmn:userTask id="task" name="Заполнить">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="teacher" /><zeebe:formDefinition formId="fuzz-form" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" default="f-default" />
    <bpmn:sequenceFlow id="f-default" sourceRef="gw" targetRef="e" />
    <bpmn:sequenceFlow id="f-cond" sourceRef="gw" targetRef="e2"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
  </bpmn:process>
</bpmn:definitions>`;

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Strings with every kind of code unit: lone surrogates, NUL, control characters, Cyrillic. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }), fc.constantFrom('', '\u0000', '\ud800', 'Я'.repeat(3000), '1e308', '-1', 'NaN'));
/** Arbitrary JSON values, a few levels deep. */
const anyJson = fc.jsonValue({ maxDepth: 6 });
/** Arbitrary bytes percent-encoded (invalid UTF-8 included). */
const percentBytes = fc.uint8Array({ maxLength: 24 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''));
const queryValue = fc.oneof(
  percentBytes,
  anyText.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, ''))),
  fc.constantFrom('1e308', '-5', '0', '1.5', '99999999999999999999', '%E0%A4%A', '%00'),
);

/** FEEL expressions from a small grammar: literals, names, arithmetic, comparisons, lists, ranges, loops, calls. */
const feel: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -1000, max: 100_000 }).map(String),
    fc.constantFrom('true', 'false', 'null', '"текст"', '""', 'hours', 'topic', 'done', 'kind', 'note', 'now()', 'today()', '@"P1D"', '1e308', '-0', '9999999999999999'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '**', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.array(tie('e'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: 0, max: 50_000_000 })).map(([a, b]) => `${a}..${b}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `for i in ${a} return ${b}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `if ${a} then ${b} else ${c}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `some x in ${a} satisfies ${b}`),
    fc.tuple(fc.constantFrom('count', 'sum', 'string length', 'upper case', 'date', 'duration', 'string', 'number', 'not', 'abs', 'floor', 'append', 'distinct values', 'sort', 'substring'), fc.array(tie('e'), { maxLength: 3 })).map(([f, xs]) => `${f}(${xs.join(', ')})`),
    fc.tuple(tie('e'), fc.string({ maxLength: 4 })).map(([a, junk]) => `${a}${junk}`),
  ),
})).e;

describe('fuzz: no input gives a 5xx, the server stays up', () => {
  let s: TestServer;
  let f: TenantFixture;
  let admin: string;
  let teacher: string;
  let n = 0;
  const fiveXX: string[] = [];
  /** Answers by status class, for the run's summary line (RELIABILITY.md quotes the long run's). */
  const statuses: Record<string, number> = {};
  const started = Date.now();

  /** Calls and records any 5xx (the property fails on it, with the call named). */
  async function call(method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>) {
    const r = await s.call(method, path, body, token, headers);
    const cls = `${Math.floor(r.status / 100)}xx`;
    statuses[cls] = (statuses[cls] ?? 0) + 1;
    if (r.status >= 500) fiveXX.push(`${method} ${path.slice(0, 200)} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r;
  }
  const notServerError = (r: { status: number }) => r.status < 500;

  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'fuzz');
    admin = f.tokens['t-admin'];
    teacher = f.tokens.teacher11;
    await ok(s, 'POST', '/api/deployments', { name: 'fuzz', resources: [{ name: 'fuzz.form', content: FORM }, { name: 'fuzz.bpmn', content: diagram('fuzz', '=done = true') }] }, admin);
  });
  afterAll(async () => {
    await s?.close();
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    process.stdout.write(`fuzz: ${RUNS} runs per property, ${total} requests in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(statuses)}\n`);
  });
  afterEach(async () => {
    expect((await s.call('GET', '/api/health')).status).toBe(200);
    expect(fiveXX).toEqual([]);
  });

  test('login: any body, any username and password', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ username: anyText, password: anyText }), anyJson, fc.record({ username: anyJson, password: anyJson })), async (body) =>
        notServerError(await call('POST', '/api/auth/login', body)),
      ),
      params,
    );
    // raw texts with a JSON content type
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => notServerError(await call('POST', '/api/auth/login', text, undefined, { 'content-type': 'application/json' }))),
      params,
    );
  }, TIMEOUT);

  test('JSON variables of a new instance', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.dictionary(anyText, anyJson, { maxKeys: 6 }), anyJson), anyText, async (variables, businessKey) =>
        notServerError(await call('POST', '/api/process-instances', { processKey: 'fuzz', variables, businessKey }, teacher)),
      ),
      params,
    );
  }, TIMEOUT);

  test('form submissions: completing a form task with any data', async () => {
    let taskId: string | undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ topic: fc.oneof(anyText, anyJson), hours: fc.oneof(fc.double(), anyJson), done: anyJson, kind: fc.oneof(anyText, anyJson), note: anyText }, { requiredKeys: [] }), fc.dictionary(anyText, anyJson, { maxKeys: 5 })),
        async (variables) => {
          if (!taskId) {
            const inst = await call('POST', '/api/process-instances', { processKey: 'fuzz' }, teacher);
            const tasks = await call('GET', `/api/tasks?processInstanceId=${inst.body.id}`, undefined, teacher);
            taskId = tasks.body.items?.[0]?.id;
          }
          const r = await call('POST', `/api/tasks/${taskId}/complete`, { variables }, teacher);
          if (r.status < 300) taskId = undefined; // completed: the next run starts a new instance
          return notServerError(r);
        },
      ),
      params,
    );
  }, TIMEOUT);

  test('query strings of the list endpoints', async () => {
    const paths = ['/api/users', '/api/process-instances', '/api/tasks', '/api/notifications', '/api/organizations', '/api/process-definitions', '/api/incidents',
      '/api/alerts', '/api/indicators', '/api/personal-data-access', '/api/deployments', '/api/drafts', '/api/reference-lists', '/api/supervision/organizations'];
    const keys = fc.oneof(fc.constantFrom('page', 'size', 'q', 'processKey', 'tenant', 'orgId', 'state', 'sort', 'scope', 'overdue', 'unread', 'from', 'to', 'subjectId', 'latest', 'businessKey', 'role', 'level', 'parentId'), percentBytes);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.tuple(keys, queryValue), { maxLength: 5 }), async (path, pairs) => {
        const q = pairs.map(([k, v]) => `${k}=${v}`).join('&');
        return notServerError(await call('GET', `${path}?${q}`, undefined, admin));
      }),
      params,
    );
  }, TIMEOUT);

  test('cookies and path segments', async () => {
    const cookieText = fc.string({ maxLength: 60 }).map((x) => x.replace(/[^\x20-\x7e]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(cookieText, percentBytes.map((p) => `pd_session=${p}`), cookieText.map((c) => `pd_session=${c}`)), fc.constantFrom('/api/health', '/api/tasks', '/api/auth/me', '/api/auth/logout'), async (cookie, path) => {
        const r = await call(path.endsWith('logout') ? 'POST' : 'GET', path, undefined, undefined, { cookie });
        return notServerError(r) && (path !== '/api/health' || r.status === 200);
      }),
      params,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/users/', '/api/tasks/', '/api/process-instances/', '/api/drafts/', '/api/reference-lists/', '/api/organizations/', '/api/tenants/'), percentBytes, async (prefix, seg) =>
        notServerError(await call('GET', prefix + seg, undefined, admin)),
      ),
      params,
    );
  }, TIMEOUT);

  test('BPMN deployments: mutated diagrams', async () => {
    const base = diagram('fuzz-bpmn', '=hours &gt; 10');
    const mutation = fc.oneof(
      fc.tuple(fc.nat(base.length), fc.nat(200)).map(([at, len]) => (x: string) => x.slice(0, at) + x.slice(at + len)),
      fc.tuple(fc.nat(base.length), fc.oneof(anyText, fc.constantFrom('<', '>', '</bpmn:process>', '<bpmn:subProcess id="x">', '"', '&amp;', '&#0;', '<![CDATA[', ']]>', '<!--', 'xmlns:x="y"', 'id="s"', '<bpmn:startEvent id="s2"/>'))).map(([at, ins]) => (x: string) => x.slice(0, at) + ins + x.slice(at)),
      fc.tuple(fc.nat(base.length), fc.nat(base.length), fc.nat(base.length)).map(([a, b, at]) => (x: string) => x.slice(0, at) + x.slice(Math.min(a, b), Math.max(a, b)) + x.slice(at)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        const xml = ms.reduce((x, m) => m(x), base);
        return notServerError(await call('POST', '/api/deployments', { name: `fuzz-${++n}`, resources: [{ name: 'fuzz-bpmn.bpmn', content: xml }] }, admin));
      }),
      params,
    );
  }, TIMEOUT);

  test('FEEL in diagrams: a generated gateway condition, deployed and run', async () => {
    await fc.assert(
      fc.asyncProperty(feel, fc.dictionary(fc.constantFrom('topic', 'hours', 'done', 'kind', 'note'), anyJson, { maxKeys: 4 }), async (expr, variables) => {
        const key = `fuzz-feel-${++n}`;
        const dep = await call('POST', '/api/deployments', { name: key, resources: [{ name: `${key}.bpmn`, content: diagram(key, xmlEscape(`=${expr}`)) }] }, admin);
        if (dep.status >= 300) return notServerError(dep);
        const inst = await call('POST', '/api/process-instances', { processKey: key, variables }, teacher);
        if (inst.status >= 300) return notServerError(inst);
        const tasks = await call('GET', `/api/tasks?processInstanceId=${inst.body.id}`, undefined, teacher);
        const taskId = tasks.body.items?.[0]?.id;
        if (!taskId) return notServerError(tasks);
        return notServerError(await call('POST', `/api/tasks/${taskId}/complete`, { variables: { topic: 'т' } }, teacher));
      }),
      params,
    );
  }, TIMEOUT);
});
