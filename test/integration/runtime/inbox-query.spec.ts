import pg from 'pg';
import { createTenantFixture, deploy, FIXTURE_VARIANT, ok, resourcesBeside } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const file = resourcesBeside(import.meta.url);

/** Simulated engine time at the start (a Monday, 09:00 in Kamchatka). */
const EPOCH = '2027-03-01T09:00:00+12:00';
const DAY = 86_400_000;
const at = (days: number) => new Date(new Date(EPOCH).getTime() + days * DAY).toISOString();

const TWICE = 'inbox-offered-twice';
const SECOND = 'inbox-second';
const BY_NAME = 'inbox-by-name';
const BY_NAME_AND_PAIR = 'inbox-by-name-and-pair';
const ASSIGNED_AT_START = 'inbox-assigned-at-start';

type Sort = 'dueAt' | '-dueAt' | 'createdAt' | '-createdAt';

/** One seeded task: the instance that holds it, and its row in `user_task`. */
interface Seeded {
  label: string;
  instanceId: string;
  taskId: string;
  processKey: string;
  orgId: string;
  dueAt: number | null;
  createdAt: number;
}

/**
 * The seed, in start order; `advance` moves the simulated clock before the start, so creation
 * times tie where it is absent (D/E, G/H/I) and the order falls back on the id. Due dates tie too
 * (C, D, H, I at +5 days) and two tasks have none (B, E). All are started by a teacher, so the
 * task's organisation is her school: school 1-1 (teacher11) or school 1-2 (teacher12).
 */
const SEED: { label: string; key: string; starter: 'teacher11' | 'teacher12'; due: number | null; advance?: string }[] = [
  { label: 'A', key: TWICE, starter: 'teacher11', due: -10 },
  { label: 'B', key: TWICE, starter: 'teacher11', due: null, advance: 'PT1M' },
  { label: 'C', key: TWICE, starter: 'teacher12', due: 5, advance: 'PT1M' },
  { label: 'D', key: SECOND, starter: 'teacher11', due: 5, advance: 'PT1M' },
  { label: 'E', key: TWICE, starter: 'teacher12', due: null },
  { label: 'F', key: SECOND, starter: 'teacher12', due: -1, advance: 'PT1M' },
  { label: 'G', key: TWICE, starter: 'teacher11', due: 20, advance: 'PT1M' },
  { label: 'H', key: TWICE, starter: 'teacher11', due: 5 },
  { label: 'I', key: SECOND, starter: 'teacher12', due: 5 },
];

/** The order the inbox promises: by the sort key with nulls last in both directions, then created_at, then id. */
function expectedOrder(tasks: Seeded[], sort: Sort): Seeded[] {
  const desc = sort.startsWith('-');
  const key = sort.replace('-', '') as 'dueAt' | 'createdAt';
  return [...tasks].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return desc ? y - x : x - y;
    }
    if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
    return a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
  });
}

describe('inbox query (GET /api/tasks): candidate pairs, candidate users, filters, sorts, paging, claim', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Pool;
  const tasks: Record<string, Seeded> = {};
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const other = { school: '', mun: '', region: '' };
  let otherTaskId = '';

  const inbox = async (who: string, query = ''): Promise<{ items: any[]; total: number }> =>
    ok(s, 'GET', `/api/tasks${query ? `?${query}` : ''}`, undefined, tok[who]);
  const seeded = (...labels: string[]) => labels.map((l) => tasks[l]);
  const all = () => Object.values(tasks).filter((t) => SEED.some((x) => x.label === t.label));
  const labelOf = (taskId: string) => Object.values(tasks).find((t) => t.taskId === taskId)?.label ?? `?${taskId}`;
  const labels = (items: any[]) => items.map((t) => labelOf(t.id));
  /** Labels in task-id order (the last tie-breaker), e.g. `byId('G', 'H', 'I')`. */
  const byId = (...ls: string[]) => [...ls].sort((a, b) => (tasks[a].taskId < tasks[b].taskId ? -1 : 1));
  /** Over the whole `task_candidate` table: its rows, and those that disagree with their `user_task` row (or have none). */
  const candidateMismatches = async () => {
    const [r] = (await db.query(
      `SELECT count(*)::int AS rows,
              count(*) FILTER (WHERE t.id IS NULL OR c.assignee IS DISTINCT FROM t.assignee OR c.due_at IS DISTINCT FROM t.due_at
                OR c.created_at IS DISTINCT FROM t.created_at OR c.process_key IS DISTINCT FROM t.process_key)::int AS mismatches
       FROM task_candidate c LEFT JOIN user_task t ON t.id = c.task_id`,
    )).rows;
    return r as { rows: number; mismatches: number };
  };
  const candidateAssignees = async (taskId: string) =>
    (await db.query(`SELECT role, assignee FROM task_candidate WHERE task_id = $1 ORDER BY role`, [taskId])).rows;
  const claim = (taskId: string, who: string) => ok(s, 'POST', `/api/tasks/${taskId}/claim`, undefined, tok[who]);
  const unclaim = (taskId: string, who: string) => ok(s, 'POST', `/api/tasks/${taskId}/unclaim`, undefined, tok[who]);
  const user = async (tenant: string, username: string, memberships: { orgId: string; role: string }[]) => {
    const u = await ok(s, 'POST', '/api/users', { tenant, username, password: 'password-123', fullName: username, memberships }, f.superToken);
    ids[username] = u.id;
    tok[username] = await s.login(username, 'password-123');
  };
  /** Starts `key` as `who` and records its one task as `label`. */
  const seedTask = async (label: string, key: string, who: string, variables: Record<string, unknown>) => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: key, variables }, tok[who]);
    const rows = (await db.query(`SELECT id, process_key, org_id, due_at, created_at FROM user_task WHERE instance_id = $1`, [inst.id])).rows;
    expect(rows).toHaveLength(1);
    const [r] = rows;
    tasks[label] = {
      label, instanceId: inst.id, taskId: r.id, processKey: r.process_key, orgId: r.org_id,
      dueAt: r.due_at ? r.due_at.getTime() : null, createdAt: r.created_at.getTime(),
    };
    return tasks[label];
  };

  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'inbox-query');
    db = new pg.Pool({ connectionString: s.databaseUrl, max: 2 });
    Object.assign(tok, f.tokens);
    Object.assign(ids, f.users);
    await ok(s, 'POST', '/api/clock/advance', { to: EPOCH }, f.tokens['t-admin']);
    await deploy(s, f, [file('inbox.offered-twice.bpmn'), file('inbox.second-process.bpmn'), file('inbox.offered-by-name.bpmn'), file('inbox.offered-by-name-and-pair.bpmn'), file('inbox.assigned-at-start.bpmn')]);
    // a user holding two pairs, a second methodist of school 1-1, a methodist of a school of the other municipality
    await user(f.tenantKey, 'dual', [{ orgId: f.orgs.school11, role: 'methodist' }, { orgId: f.orgs.mun1, role: 'municipal' }]);
    await user(f.tenantKey, 'methodist11b', [{ orgId: f.orgs.school11, role: 'methodist' }]);
    await user(f.tenantKey, 'methodist21', [{ orgId: f.orgs.school21, role: 'methodist' }]);

    // another tenant with the same variant and process, and one open task of its own
    const key = 'inbox-query-other';
    await ok(s, 'POST', '/api/tenants', { key, name: 'Другой регион', timeZone: 'Europe/Moscow' }, f.superToken);
    await ok(s, 'POST', '/api/deployments', { tenant: key, name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, f.superToken);
    await ok(s, 'POST', '/api/deployments', { tenant: key, name: 'inbox', resources: [file('inbox.offered-twice.bpmn')] }, f.superToken);
    const org = async (name: string, level: string, parentId?: string) => (await ok(s, 'POST', '/api/organizations', { tenant: key, name, level, parentId }, f.superToken)).id as string;
    other.region = await org('Регион', 'region');
    other.mun = await org('Район 1', 'municipality', other.region);
    other.school = await org('Школа 1-1', 'school', other.mun);
    await user(key, 'other-teacher', [{ orgId: other.school, role: 'teacher' }]);
    await user(key, 'other-methodist', [{ orgId: other.school, role: 'methodist' }]);
    await user(key, 'other-municipal', [{ orgId: other.mun, role: 'municipal' }]);
    // each tenant has its own simulated time: the other one is brought to the same instant
    await ok(s, 'POST', '/api/clock/advance', { tenant: key, to: EPOCH }, f.superToken);
    const otherInst = await ok(s, 'POST', '/api/process-instances', { processKey: TWICE, variables: { due: at(-3) } }, tok['other-teacher']);
    otherTaskId = (await db.query(`SELECT id FROM user_task WHERE instance_id = $1`, [otherInst.id])).rows[0].id;

    for (const x of SEED) {
      if (x.advance) await ok(s, 'POST', '/api/clock/advance', { duration: x.advance }, f.tokens['t-admin']);
      await seedTask(x.label, x.key, x.starter, { due: x.due === null ? null : at(x.due) });
    }
  });
  afterAll(async () => {
    await db?.end();
    await s?.close();
  });

  test('the seed is what the scenarios assume: due dates, creation ties, organisations, one candidate row per pair', async () => {
    expect(Object.values(tasks).map((t) => [t.label, t.processKey, t.orgId, t.dueAt === null ? null : new Date(t.dueAt).toISOString()])).toEqual(
      SEED.map((x) => [x.label, x.key, x.starter === 'teacher11' ? f.orgs.school11 : f.orgs.school12, x.due === null ? null : at(x.due)]),
    );
    expect(tasks.D.createdAt).toBe(tasks.E.createdAt);
    expect(tasks.G.createdAt).toBe(tasks.H.createdAt);
    expect(tasks.H.createdAt).toBe(tasks.I.createdAt);
    expect(tasks.A.createdAt).toBeLessThan(tasks.B.createdAt);
    const pairs = (await db.query(`SELECT role, org_id FROM task_candidate WHERE task_id = $1 ORDER BY role`, [tasks.A.taskId])).rows;
    expect(pairs).toEqual([{ role: 'methodist', org_id: f.orgs.school11 }, { role: 'municipal', org_id: f.orgs.mun1 }]);
    expect(await candidateMismatches()).toEqual({ rows: 2 * (SEED.length + 1), mismatches: 0 });
  });

  test('a user holding two pairs sees a task offered to both exactly once, and the total counts it once', async () => {
    const everything = all().map((t) => t.label).sort();
    for (const scope of ['all', 'candidate']) {
      const page = await inbox('dual', `scope=${scope}&size=100`);
      expect(labels(page.items).sort()).toEqual(everything);
      expect(page.total).toBe(SEED.length);
    }
    // the single-pair holders of the same tasks see the same counts
    expect((await inbox('municipal1', 'size=100')).total).toBe(SEED.length);
    const m11 = await inbox('methodist11', 'size=100');
    expect(labels(m11.items).sort()).toEqual(['A', 'B', 'D', 'G', 'H']);
    expect(m11.total).toBe(5);
    // narrowed to one task offered to both of dual's pairs: one row, total 1
    const one = await inbox('dual', `processInstanceId=${tasks.A.instanceId}`);
    expect(labels(one.items)).toEqual(['A']);
    expect(one.total).toBe(1);
    const school11 = await inbox('dual', `orgId=${f.orgs.school11}&size=100`);
    expect(labels(school11.items).sort()).toEqual(['A', 'B', 'D', 'G', 'H']);
    expect(school11.total).toBe(5);
    // the rows carry the task, its process and organisation
    expect(one.items[0]).toEqual(expect.objectContaining({
      id: tasks.A.taskId, name: 'Рассмотреть заявку', processKey: TWICE, processInstanceId: tasks.A.instanceId, orgId: f.orgs.school11,
      assignee: null, candidateRoles: ['methodist', 'municipal'], candidateUsers: [], dueAt: at(-10),
      createdAt: new Date(tasks.A.createdAt).toISOString(), overdue: true, processName: 'Заявка на сопровождение', orgName: 'Школа 1-1',
    }));
  });

  test('each of the four sorts gives the expected order, due dates missing last in both directions', async () => {
    const expected: Record<Sort, string[]> = {
      dueAt: ['A', 'F', 'C', 'D', ...byId('H', 'I'), 'G', 'B', 'E'],
      '-dueAt': ['G', 'C', 'D', ...byId('H', 'I'), 'F', 'A', 'B', 'E'],
      createdAt: ['A', 'B', 'C', ...byId('D', 'E'), 'F', ...byId('G', 'H', 'I')],
      '-createdAt': [...byId('G', 'H', 'I'), 'F', ...byId('D', 'E'), 'C', 'B', 'A'],
    };
    const orders = new Set<string>();
    for (const sort of ['dueAt', '-dueAt', 'createdAt', '-createdAt'] as Sort[]) {
      // the comparator and the hand-written order agree, so the expectation is not a copy of the server's
      expect(expectedOrder(all(), sort).map((t) => t.label)).toEqual(expected[sort]);
      orders.add(expected[sort].join());
      for (const who of ['dual', 'municipal1']) {
        const page = await inbox(who, `sort=${sort}&size=100`);
        expect([who, sort, labels(page.items)]).toEqual([who, sort, expected[sort]]);
        expect(page.total).toBe(SEED.length);
        // due dates and creation times as stored; overdue against the engine clock
        for (const item of page.items) {
          const t = tasks[labelOf(item.id)];
          expect([item.dueAt, item.createdAt, item.overdue]).toEqual([
            t.dueAt === null ? null : new Date(t.dueAt).toISOString(), new Date(t.createdAt).toISOString(), t.dueAt !== null && t.dueAt < new Date(EPOCH).getTime(),
          ]);
        }
      }
      // a subset keeps the order: methodist 1-1 sees school 1-1's tasks only
      const m11 = await inbox('methodist11', `sort=${sort}&size=100`);
      expect(labels(m11.items)).toEqual(expected[sort].filter((l) => tasks[l].orgId === f.orgs.school11));
    }
    expect(orders.size).toBe(4);
    // no sort is dueAt
    expect(labels((await inbox('dual', 'size=100')).items)).toEqual(expected.dueAt);
  });

  test('filters: process key, overdue true/false (no due date is not overdue), process instance, organisation subtree', async () => {
    const check = async (who: string, query: string, want: string[]) => {
      const page = await inbox(who, `${query}&sort=createdAt&size=100`);
      expect([who, query, labels(page.items)]).toEqual([who, query, expectedOrder(seeded(...want), 'createdAt').map((t) => t.label)]);
      expect([who, query, page.total]).toEqual([who, query, want.length]);
    };
    for (const who of ['dual', 'municipal1']) {
      await check(who, `processKey=${SECOND}`, ['D', 'F', 'I']);
      await check(who, `processKey=${TWICE}`, ['A', 'B', 'C', 'E', 'G', 'H']);
      await check(who, 'processKey=no-such-process', []);
      await check(who, 'overdue=true', ['A', 'F']);
      await check(who, 'overdue=false', ['B', 'C', 'D', 'E', 'G', 'H', 'I']);
      // 1 and 0 are boolean strings too (they once reached SQL with an unused parameter: a 500)
      await check(who, 'overdue=1', ['A', 'F']);
      await check(who, 'overdue=0', ['B', 'C', 'D', 'E', 'G', 'H', 'I']);
      await check(who, `overdue=true&processKey=${SECOND}`, ['F']);
      await check(who, `overdue=false&processKey=${SECOND}`, ['D', 'I']);
      // "due this week": not overdue and due before a given instant (tasks without a due date are not due)
      await check(who, `overdue=false&dueBefore=${encodeURIComponent(at(6))}`, ['C', 'D', 'H', 'I']);
      await check(who, `dueBefore=${encodeURIComponent(at(0))}`, ['A', 'F']);
      await check(who, `processInstanceId=${tasks.C.instanceId}`, ['C']);
      await check(who, `processInstanceId=${tasks.C.instanceId}&overdue=true`, []);
      // the municipal service sees both schools; a subtree narrows it
      await check(who, `orgId=${f.orgs.region}`, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
      await check(who, `orgId=${f.orgs.mun1}`, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
      await check(who, `orgId=${f.orgs.school12}`, ['C', 'E', 'F', 'I']);
      await check(who, `orgId=${f.orgs.school11}`, ['A', 'B', 'D', 'G', 'H']);
      await check(who, `orgId=${f.orgs.school12}&overdue=false&processKey=${SECOND}`, ['I']);
      await check(who, `orgId=${f.orgs.mun2}`, []);
      await check(who, `orgId=${other.school}`, []);
      await check(who, `orgId=${other.region}`, []);
      await check(who, 'orgId=00000000-0000-4000-8000-000000000000', []);
      await check(who, `scope=candidate&overdue=true&orgId=${f.orgs.school12}`, ['F']);
    }
    await check('methodist12', `processKey=${SECOND}`, ['F', 'I']);
    await check('methodist12', 'overdue=false', ['C', 'E', 'I']);
    await check('methodist12', `processInstanceId=${tasks.A.instanceId}`, []);
    await check('methodist11', `orgId=${f.orgs.school12}`, []);
    await check('methodist11', `orgId=${f.orgs.mun1}&overdue=true`, ['A']);
  });

  test('paging: size=2 gives disjoint pages whose union is the full list in order, the same total on each, [] past the end', async () => {
    for (const [who, query, n] of [['dual', 'sort=dueAt', 9], ['municipal1', 'sort=-createdAt', 9], ['dual', 'overdue=false&sort=-dueAt', 7], ['methodist11', 'sort=createdAt', 5]] as const) {
      const full = await inbox(who, `${query}&size=100`);
      expect(full.items).toHaveLength(n);
      const pages: string[][] = [];
      for (let page = 1; page <= Math.ceil(n / 2); page++) {
        const p = await inbox(who, `${query}&size=2&page=${page}`);
        expect([who, query, page, p.total]).toEqual([who, query, page, n]);
        expect(p.items).toHaveLength(page * 2 <= n ? 2 : 1);
        pages.push(p.items.map((t) => t.id));
      }
      expect(new Set(pages.flat()).size).toBe(n);
      expect(pages.flat()).toEqual(full.items.map((t) => t.id));
      for (const past of [Math.ceil(n / 2) + 1, 50]) {
        expect([who, query, past, await inbox(who, `${query}&size=2&page=${past}`)]).toEqual([who, query, past, { items: [], total: n }]);
      }
    }
    // default size is 20, and size=1 pages one by one
    expect((await inbox('dual', 'page=1')).items).toHaveLength(9);
    expect(await inbox('dual', 'size=1&page=9&sort=createdAt')).toEqual({ items: [expect.objectContaining({ id: tasks[byId('G', 'H', 'I')[2]].taskId })], total: 9 });
  });

  test('claim: the claimer keeps the task (assigned, all, candidate), the other candidates of both pairs lose it; unclaim gives it back', async () => {
    const has = async (who: string, query: string, label: string) => labels((await inbox(who, `${query}&size=100`)).items).includes(label);
    const totals = async () => ({
      methodist11b: [(await inbox('methodist11b', 'scope=all')).total, (await inbox('methodist11b', 'scope=candidate')).total],
      dual: [(await inbox('dual', 'scope=all')).total, (await inbox('dual', 'scope=candidate')).total],
      municipal1: (await inbox('municipal1')).total,
      methodist11Assigned: (await inbox('methodist11', 'scope=assigned')).total,
    });
    expect(await totals()).toEqual({ methodist11b: [5, 5], dual: [9, 9], municipal1: 9, methodist11Assigned: 0 });

    const claimed = await claim(tasks.A.taskId, 'methodist11');
    expect(claimed.assignee).toBe(ids.methodist11);
    for (const scope of ['all', 'candidate']) {
      expect([scope, await has('methodist11b', `scope=${scope}`, 'A')]).toEqual([scope, false]);
      expect([scope, await has('dual', `scope=${scope}`, 'A')]).toEqual([scope, false]);
    }
    expect(await has('municipal1', 'scope=all', 'A')).toBe(false);
    for (const scope of ['assigned', 'all', 'candidate']) {
      const page = await inbox('methodist11', `scope=${scope}&size=100`);
      expect([scope, labels(page.items).filter((l) => l === 'A')]).toEqual([scope, ['A']]);
      expect(page.items.find((t) => t.id === tasks.A.taskId)?.assignee).toBe(ids.methodist11);
    }
    expect(await inbox('methodist11', 'scope=assigned')).toMatchObject({ total: 1 });
    expect((await inbox('methodist11', 'scope=all')).total).toBe(5);
    expect((await inbox('methodist11', 'scope=candidate')).total).toBe(5);
    expect(await totals()).toEqual({ methodist11b: [4, 4], dual: [8, 8], municipal1: 8, methodist11Assigned: 1 });
    // filters and paging on the claimed state: the overdue ones for dual are F only now
    expect(labels((await inbox('dual', 'overdue=true')).items)).toEqual(['F']);
    expect(labels((await inbox('methodist11', 'overdue=true&scope=assigned')).items)).toEqual(['A']);
    // both pair rows follow the claim; the whole table matches user_task
    expect(await candidateAssignees(tasks.A.taskId)).toEqual([{ role: 'methodist', assignee: ids.methodist11 }, { role: 'municipal', assignee: ids.methodist11 }]);
    expect((await candidateMismatches()).mismatches).toBe(0);
    expect((await s.call('POST', `/api/tasks/${tasks.A.taskId}/claim`, undefined, tok.methodist11b)).status).toBe(409);

    await unclaim(tasks.A.taskId, 'methodist11');
    expect(await totals()).toEqual({ methodist11b: [5, 5], dual: [9, 9], municipal1: 9, methodist11Assigned: 0 });
    for (const who of ['methodist11b', 'dual', 'municipal1', 'methodist11']) expect([who, await has(who, 'scope=candidate', 'A')]).toEqual([who, true]);
    expect(await candidateAssignees(tasks.A.taskId)).toEqual([{ role: 'methodist', assignee: null }, { role: 'municipal', assignee: null }]);
    expect((await candidateMismatches()).mismatches).toBe(0);

    // the two-pair user claims a task offered to both of her pairs: once in each scope, others lose it
    await claim(tasks.H.taskId, 'dual');
    for (const [scope, total] of [['assigned', 1], ['all', 9], ['candidate', 9]] as const) {
      const page = await inbox('dual', `scope=${scope}&size=100`);
      expect([scope, labels(page.items).filter((l) => l === 'H'), page.total]).toEqual([scope, ['H'], total]);
    }
    expect(labels((await inbox('dual', 'scope=assigned')).items)).toEqual(['H']);
    expect((await inbox('dual', `scope=candidate&orgId=${f.orgs.school11}`)).total).toBe(5);
    expect(await totals()).toEqual({ methodist11b: [4, 4], dual: [9, 9], municipal1: 8, methodist11Assigned: 0 });
    expect((await candidateMismatches()).mismatches).toBe(0);
    await unclaim(tasks.H.taskId, 'dual');
    expect(await totals()).toEqual({ methodist11b: [5, 5], dual: [9, 9], municipal1: 9, methodist11Assigned: 0 });
    expect((await inbox('dual', 'scope=assigned')).total).toBe(0);
    expect(await candidateMismatches()).toEqual({ rows: 2 * (SEED.length + 1), mismatches: 0 });
  });

  test('candidate users: offered by name, gone once a pair candidate claims it; offered by name and by a pair, once', async () => {
    // X: offered to methodists of school 1-1 and, by name, to teacher 1-2 (who holds no pair of it)
    const x = await seedTask('X', BY_NAME, 'teacher11', { reviewer: 'teacher12' });
    const only = async (who: string, scope: string, want: string[]) => {
      const page = await inbox(who, `scope=${scope}&size=100`);
      expect([who, scope, labels(page.items), page.total]).toEqual([who, scope, want, want.length]);
      return page;
    };
    const offered = await only('teacher12', 'candidate', ['X']);
    expect(offered.items[0]).toMatchObject({ candidateUsers: [ids.teacher12], candidateRoles: ['methodist'], assignee: null, dueAt: null, overdue: false });
    await only('teacher12', 'all', ['X']);
    await only('teacher12', 'assigned', []);
    expect((await inbox('teacher12', `processKey=${BY_NAME}&overdue=false`)).total).toBe(1);
    expect((await inbox('teacher12', `processKey=${TWICE}`)).total).toBe(0);
    expect((await inbox('teacher12', 'overdue=true')).total).toBe(0);
    expect(labels((await inbox('methodist11', `processKey=${BY_NAME}`)).items)).toEqual(['X']);

    await claim(x.taskId, 'methodist11');
    await only('teacher12', 'candidate', []);
    await only('teacher12', 'all', []);
    expect(labels((await inbox('methodist11', `scope=assigned&processKey=${BY_NAME}`)).items)).toEqual(['X']);
    expect((await candidateMismatches()).mismatches).toBe(0);
    await unclaim(x.taskId, 'methodist11');
    await only('teacher12', 'candidate', ['X']);

    // she claims it herself: hers in every scope, once; the methodists lose it
    await claim(x.taskId, 'teacher12');
    await only('teacher12', 'assigned', ['X']);
    await only('teacher12', 'all', ['X']);
    await only('teacher12', 'candidate', ['X']);
    expect((await inbox('methodist11b', `processKey=${BY_NAME}`)).total).toBe(0);
    await unclaim(x.taskId, 'teacher12');
    expect((await inbox('methodist11b', `processKey=${BY_NAME}`)).total).toBe(1);

    // Y: offered to teachers of school 1-1 and, by name, to teacher 1-1 herself
    const y = await seedTask('Y', BY_NAME_AND_PAIR, 'teacher11', { reviewer: 'teacher11', due: at(2) });
    expect((await db.query(`SELECT candidate_users FROM user_task WHERE id = $1`, [y.taskId])).rows[0].candidate_users).toEqual([ids.teacher11]);
    await only('teacher11', 'all', ['Y']);
    await only('teacher11', 'candidate', ['Y']);
    expect((await inbox('teacher11', `scope=candidate&orgId=${f.orgs.school11}&overdue=false`)).total).toBe(1);
    expect(await inbox('teacher11', 'size=1&page=2')).toEqual({ items: [], total: 1 });
    await claim(y.taskId, 'teacher11');
    await only('teacher11', 'assigned', ['Y']);
    await only('teacher11', 'all', ['Y']);
    await only('teacher11', 'candidate', ['Y']);
    expect(await candidateMismatches()).toEqual({ rows: 2 * (SEED.length + 1) + 2, mismatches: 0 });
    await unclaim(y.taskId, 'teacher11');
    await only('teacher11', 'candidate', ['Y']);
    expect((await candidateMismatches()).mismatches).toBe(0);

    // completed, both leave every inbox and their candidate rows go with them
    await ok(s, 'POST', `/api/tasks/${y.taskId}/complete`, { variables: {} }, tok.teacher11);
    await ok(s, 'POST', `/api/tasks/${x.taskId}/complete`, { variables: {} }, tok.teacher12);
    await only('teacher11', 'all', []);
    await only('teacher12', 'all', []);
    expect((await inbox('methodist11', `processKey=${BY_NAME}`)).total).toBe(0);
    expect(await candidateMismatches()).toEqual({ rows: 2 * (SEED.length + 1), mismatches: 0 });
  });

  test('a task assigned when it is created: only its assignee sees it, its candidate rows carry the assignee; given back, it is offered', async () => {
    const key = ASSIGNED_AT_START;
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: key, orgId: f.orgs.school11, variables: { due: at(-2) } }, tok.dual);
    const z = (await db.query(`SELECT id, assignee FROM user_task WHERE instance_id = $1`, [inst.id])).rows;
    expect(z).toEqual([{ id: expect.any(String), assignee: ids.dual }]);
    const zId = z[0].id as string;
    expect(await candidateAssignees(zId)).toEqual([{ role: 'methodist', assignee: ids.dual }, { role: 'municipal', assignee: ids.dual }]);
    expect((await candidateMismatches()).mismatches).toBe(0);
    for (const scope of ['assigned', 'all', 'candidate']) {
      const page = await inbox('dual', `scope=${scope}&processKey=${key}`);
      expect([scope, page.items.map((t) => t.id), page.total]).toEqual([scope, [zId], 1]);
      expect(page.items[0]).toMatchObject({ assignee: ids.dual, overdue: true, orgId: f.orgs.school11 });
    }
    expect((await inbox('dual', 'scope=assigned&overdue=true')).items.map((t) => t.id)).toEqual([zId]);
    expect((await inbox('dual', 'scope=assigned&overdue=false')).total).toBe(0);
    for (const who of ['methodist11', 'methodist11b', 'municipal1']) {
      for (const scope of ['all', 'candidate', 'assigned']) expect([who, scope, (await inbox(who, `scope=${scope}&processKey=${key}`)).total]).toEqual([who, scope, 0]);
    }

    await unclaim(zId, 'dual');
    for (const who of ['methodist11', 'methodist11b', 'municipal1', 'dual']) {
      expect([who, (await inbox(who, `scope=candidate&processKey=${key}`)).items.map((t) => t.id)]).toEqual([who, [zId]]);
    }
    expect((await inbox('dual', `scope=assigned&processKey=${key}`)).total).toBe(0);
    expect((await candidateMismatches()).mismatches).toBe(0);

    // claimed and completed by a methodist: gone for everyone, its rows deleted
    await claim(zId, 'methodist11');
    await ok(s, 'POST', `/api/tasks/${zId}/complete`, { variables: {} }, tok.methodist11);
    for (const who of ['methodist11', 'methodist11b', 'municipal1', 'dual']) {
      expect([who, (await inbox(who, `processKey=${key}`)).total]).toEqual([who, 0]);
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM task_candidate WHERE task_id = $1`, [zId])).rows[0].n).toBe(0);
    expect(await candidateMismatches()).toEqual({ rows: 2 * (SEED.length + 1), mismatches: 0 });
    expect((await inbox('dual')).total).toBe(SEED.length);
  });

  test("isolation: a methodist of another school and the users of another tenant see none of these tasks", async () => {
    const ours = new Set(Object.values(tasks).map((t) => t.taskId));
    const queries = [
      '', 'scope=candidate', 'scope=assigned', `processKey=${TWICE}`, `processKey=${SECOND}`, `processKey=${BY_NAME}`, 'overdue=true', 'overdue=false',
      `orgId=${f.orgs.school11}`, `orgId=${f.orgs.mun1}`, `orgId=${f.orgs.region}`, `processInstanceId=${tasks.A.instanceId}`, 'sort=-createdAt&size=2&page=2',
    ];
    for (const who of ['methodist21', 'municipal2']) {
      for (const q of queries) expect([who, q, await inbox(who, q)]).toEqual([who, q, { items: [], total: 0 }]);
    }
    // the other tenant's users see their own task and never ours, whatever the filter
    for (const who of ['other-methodist', 'other-municipal']) {
      for (const q of queries) {
        const page = await inbox(who, q);
        expect([who, q, page.items.filter((t) => ours.has(t.id))]).toEqual([who, q, []]);
        // their one task (offered to both their pairs, overdue) matches only the filters that do not point at us
        // (the second page of size 2 is past the end of their one-task list: no rows, total 1)
        const theirs = ['', 'scope=candidate', `processKey=${TWICE}`, 'overdue=true'].includes(q);
        const pastEnd = q.includes('page=2');
        expect([who, q, page.total, labels(page.items)]).toEqual([who, q, theirs || pastEnd ? 1 : 0, theirs ? [`?${otherTaskId}`] : []]);
      }
      expect(await inbox(who, `processKey=${TWICE}&overdue=true`)).toMatchObject({ total: 1, items: [expect.objectContaining({ id: otherTaskId })] });
      expect(await inbox(who, `orgId=${other.school}`)).toMatchObject({ total: 1, items: [expect.objectContaining({ id: otherTaskId })] });
    }
    // and ours do not see theirs
    for (const who of ['dual', 'municipal1', 'methodist11']) {
      expect((await inbox(who, 'size=100')).items.map((t: any) => t.id)).not.toContain(otherTaskId);
    }
    // a methodist of the neighbouring school sees none of school 1-1's tasks
    for (const q of [`orgId=${f.orgs.school11}`, `processInstanceId=${tasks.A.instanceId}`, `processKey=${BY_NAME}`]) {
      expect([q, await inbox('methodist12', q)]).toEqual([q, { items: [], total: 0 }]);
    }
  });
});
