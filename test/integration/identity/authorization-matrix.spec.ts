/**
 * The authorisation matrix: role × where the object sits (relative to school 1-1, the starter's
 * school) × endpoint, against a real server and PostgreSQL; every cell is one test.
 *
 * Objects of a relation: a fresh instance of `matrix` started by the teacher of that school (its
 * task `review` is offered to the methodists of the school); the teacher as a user; the school as
 * the parent of a new organisation; the school's tenant named in the body or query.
 *
 *   same school        school 1-1 of tenant A, started by teacher11
 *   sibling school     school 1-2 of tenant A, started by teacher12
 *   other municipality school 2-1 of tenant A, started by teacher21
 *   other tenant       school 1-1 of tenant B, started by B's teacher11
 *
 * The "user of another tenant" is the administrator of tenant C (the strongest role a tenant
 * user can hold): everything of A and B is a 404 for it, never a 403 that would hint it exists.
 *
 * The "administrator of mun 1" holds `admin` at municipality 1 (a branch): it administers the
 * people and organisations of its municipality (schools 1-1 and 1-2) and sees their instances,
 * but what is tenant-wide — deployments, drafts, reference lists, the sandbox, incidents,
 * messages, the personal-data log beyond its branch — needs the administrator of the root.
 *
 * The "designer of the tenant" holds `designer` at the root (the right the tenant's administrator
 * grants explicitly): it designs the regulation — drafts, deployments, reference lists, the
 * sandbox — and nothing else: no people, no personal data, no instances, no operations.
 */
import { createTenantFixture, FIXTURE_VARIANT, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { claimsOf, jwtSecret, signJwt, sql } from './identity-fixtures.js';

const ROLES = ['superadmin', 'tenant admin', 'designer of the tenant', 'administrator of mun 1', 'supervisor of mun 1', 'municipal service of mun 1', 'methodist of school 1-1',
  'methodist of school 1-2', 'teacher of school 1-1', 'user of another tenant'] as const;
type Role = (typeof ROLES)[number];
const RELATIONS = ['same school', 'sibling school', 'other municipality', 'other tenant'] as const;
type Relation = (typeof RELATIONS)[number];

const MATRIX_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:message id="m-raise" name="matrix-raise"><bpmn:extensionElements><zeebe:subscription correlationKey="=initiator" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="matrix" name="Матрица доступа" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
    <bpmn:userTask id="review" name="Проверить"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:boundaryEvent id="raised" attachedToRef="review" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m-raise" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="raised" targetRef="e2" /><bpmn:endEvent id="e2" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
/** A second variant with a level below the school, so that a school can be the parent of a new organisation. */
const GROUPS_VARIANT = {
  key: 'matrix-groups', name: 'Группы', levels: ['region', 'municipality', 'school', 'group'], roles: [{ key: 'group-lead', name: 'Руководитель группы', level: 'group' }],
  // participants may raise `matrix-raise` on an instance of `matrix`
  processes: { matrix: { raisable: [{ message: 'matrix-raise' }] } },
};
const RESOURCES = [{ name: 'matrix.bpmn', content: MATRIX_BPMN }];

/** Where the objects of a relation are. */
interface Place {
  tenantKey: string;
  school: string;
  teacherId: string;
  teacherToken: string;
  /** the latest definition of `matrix` in the place's tenant */
  definitionId: string;
}

/** What one cell calls: method, path and body, given a fresh instance (and its task) at the place. */
interface Call {
  method: string;
  path: string;
  body?: unknown;
}
interface Endpoint {
  name: string;
  /** true: the cell needs a fresh instance (and its open task) at the place */
  instance: boolean;
  call(place: Place, obj: { instanceId: string; taskId: string }, n: number): Call;
  /** expected status per role: same school, sibling school, other municipality, other tenant */
  expected: Record<Role, [number, number, number, number]>;
  /** A list: the cell is {@link LISTED} or {@link LEFT_OUT} by whether a 200 answer holds the place's object, else the status. */
  listed?: (body: { items: { id: string }[] }, place: Place, obj: { instanceId: string; taskId: string }) => boolean;
}

/** A list cell: the answer (200) holds the object. */
const LISTED = 200;
/** A list cell: the answer (200) leaves the object out. */
const LEFT_OUT = 0;

const all = (x: number): [number, number, number, number] => [x, x, x, x];
const inA = (x: number): [number, number, number, number] => [x, x, x, 404];
/** A task: only its candidates (the methodists of its school) see, claim and complete it. */
const TASK_RULE: Endpoint['expected'] = {
  superadmin: all(404),
  'tenant admin': all(404),
  'designer of the tenant': all(404),
  'administrator of mun 1': all(404),
  'supervisor of mun 1': all(404),
  'municipal service of mun 1': all(404),
  'methodist of school 1-1': [200, 404, 404, 404],
  'methodist of school 1-2': [404, 200, 404, 404],
  'teacher of school 1-1': all(404),
  'user of another tenant': all(404),
};
/** An instance is seen by its participants and the supervisors and administrators of an ancestor organisation. */
const INSTANCE_READ: Endpoint['expected'] = {
  superadmin: all(200),
  'tenant admin': inA(200),
  'designer of the tenant': all(404),
  'administrator of mun 1': [200, 200, 404, 404],
  'supervisor of mun 1': [200, 200, 404, 404],
  'municipal service of mun 1': all(404),
  'methodist of school 1-1': [200, 404, 404, 404],
  'methodist of school 1-2': [404, 200, 404, 404],
  'teacher of school 1-1': [200, 404, 404, 404],
  'user of another tenant': all(404),
};
/** Tenant-level administration (incidents, messages, organisations and people, the personal-data log). */
const TENANT_ADMIN = (okStatus: number): Endpoint['expected'] => ({
  superadmin: all(okStatus),
  'tenant admin': inA(okStatus),
  'designer of the tenant': inA(403),
  'administrator of mun 1': inA(403),
  'supervisor of mun 1': inA(403),
  'municipal service of mun 1': inA(403),
  'methodist of school 1-1': inA(403),
  'methodist of school 1-2': inA(403),
  'teacher of school 1-1': inA(403),
  'user of another tenant': all(404),
});

/** The design of the tenant's regulation (deployments, drafts, reference lists, the sandbox): its administrators and designers. */
const TENANT_DESIGN = (okStatus: number): Endpoint['expected'] => ({ ...TENANT_ADMIN(okStatus), 'designer of the tenant': inA(okStatus) });

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /api/tasks/:id', instance: true, call: (_p, o) => ({ method: 'GET', path: `/api/tasks/${o.taskId}` }), expected: TASK_RULE },
  { name: 'POST /api/tasks/:id/claim', instance: true, call: (_p, o) => ({ method: 'POST', path: `/api/tasks/${o.taskId}/claim` }), expected: TASK_RULE },
  {
    name: 'POST /api/tasks/:id/complete',
    instance: true,
    call: (_p, o) => ({ method: 'POST', path: `/api/tasks/${o.taskId}/complete`, body: { variables: { approved: true } } }),
    expected: TASK_RULE,
  },
  {
    // administrators and supervisors of the task's organisation or above; others who see the instance get 403, the rest 404
    name: 'POST /api/tasks/:id/assignee',
    instance: true,
    call: (p, o) => ({ method: 'POST', path: `/api/tasks/${o.taskId}/assignee`, body: { userId: p.teacherId, comment: 'замена' } }),
    expected: {
      superadmin: all(200),
      'tenant admin': inA(200),
      'designer of the tenant': all(404),
      'administrator of mun 1': [200, 200, 404, 404],
      'supervisor of mun 1': [200, 200, 404, 404],
      'municipal service of mun 1': all(404),
      'methodist of school 1-1': [403, 404, 404, 404],
      'methodist of school 1-2': [404, 403, 404, 404],
      'teacher of school 1-1': [403, 404, 404, 404],
      'user of another tenant': all(404),
    },
  },
  {
    // whom the task may be given to: exactly those who may reassign it (the cells above)
    name: 'GET /api/tasks/:id/assignee-candidates',
    instance: true,
    call: (_p, o) => ({ method: 'GET', path: `/api/tasks/${o.taskId}/assignee-candidates` }),
    expected: {
      superadmin: all(200),
      'tenant admin': inA(200),
      'designer of the tenant': all(404),
      'administrator of mun 1': [200, 200, 404, 404],
      'supervisor of mun 1': [200, 200, 404, 404],
      'municipal service of mun 1': all(404),
      'methodist of school 1-1': [403, 404, 404, 404],
      'methodist of school 1-2': [404, 403, 404, 404],
      'teacher of school 1-1': [403, 404, 404, 404],
      'user of another tenant': all(404),
    },
  },
  {
    // a declared raisable message: whoever sees the instance
    name: 'POST /api/process-instances/:id/messages',
    instance: true,
    call: (_p, o) => ({ method: 'POST', path: `/api/process-instances/${o.instanceId}/messages`, body: { name: 'matrix-raise' } }),
    expected: INSTANCE_READ,
  },
  { name: 'GET /api/process-instances/:id', instance: true, call: (_p, o) => ({ method: 'GET', path: `/api/process-instances/${o.instanceId}` }), expected: INSTANCE_READ },
  {
    name: 'GET /api/process-instances/:id/history',
    instance: true,
    call: (_p, o) => ({ method: 'GET', path: `/api/process-instances/${o.instanceId}/history` }),
    expected: INSTANCE_READ,
  },
  {
    // the starter or a tenant administrator; others who see it get 403, the rest 404
    name: 'POST /api/process-instances/:id/cancel',
    instance: true,
    call: (_p, o) => ({ method: 'POST', path: `/api/process-instances/${o.instanceId}/cancel` }),
    expected: {
      superadmin: all(200),
      'tenant admin': inA(200),
      'designer of the tenant': all(404),
      'administrator of mun 1': [403, 403, 404, 404],
      'supervisor of mun 1': [403, 403, 404, 404],
      'municipal service of mun 1': all(404),
      'methodist of school 1-1': [403, 404, 404, 404],
      'methodist of school 1-2': [404, 403, 404, 404],
      'teacher of school 1-1': [200, 404, 404, 404],
      'user of another tenant': all(404),
    },
  },
  {
    // tenant administrators only; others who see it get 403, the rest 404
    name: 'PUT /api/process-instances/:id/variables',
    instance: true,
    call: (_p, o) => ({ method: 'PUT', path: `/api/process-instances/${o.instanceId}/variables`, body: { variables: { note: 'fixed' } } }),
    expected: {
      superadmin: all(200),
      'tenant admin': inA(200),
      'designer of the tenant': all(404),
      'administrator of mun 1': [403, 403, 404, 404],
      'supervisor of mun 1': [403, 403, 404, 404],
      'municipal service of mun 1': all(404),
      'methodist of school 1-1': [403, 404, 404, 404],
      'methodist of school 1-2': [404, 403, 404, 404],
      'teacher of school 1-1': [403, 404, 404, 404],
      'user of another tenant': all(404),
    },
  },
  {
    // a route about the place's teacher: a role at her organisation or above (the tenant's administrator: anywhere in it)
    name: 'POST /api/process-instances with subjectId',
    instance: false,
    call: (p) => ({ method: 'POST', path: '/api/process-instances', body: { tenant: p.tenantKey, processKey: 'matrix', subjectId: p.teacherId } }),
    expected: {
      superadmin: all(201),
      'tenant admin': inA(201),
      'designer of the tenant': inA(403),
      'administrator of mun 1': [201, 201, 403, 404],
      'supervisor of mun 1': [201, 201, 403, 404],
      'municipal service of mun 1': [201, 201, 403, 404],
      'methodist of school 1-1': [201, 403, 403, 404],
      'methodist of school 1-2': [403, 201, 403, 404],
      'teacher of school 1-1': [201, 403, 403, 404],
      'user of another tenant': all(404),
    },
  },
  {
    // whom one may start a route about: exactly those a start with subjectId accepts (the cell above)
    name: 'GET /api/process-definitions/:id/subjects lists the place\'s teacher',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/process-definitions/${p.definitionId}/subjects` }),
    listed: (body, p) => body.items.some((x) => x.id === p.teacherId),
    expected: {
      superadmin: all(LISTED),
      'tenant admin': [LISTED, LISTED, LISTED, 404],
      'designer of the tenant': [LEFT_OUT, LEFT_OUT, LEFT_OUT, 404],
      'administrator of mun 1': [LISTED, LISTED, LEFT_OUT, 404],
      'supervisor of mun 1': [LISTED, LISTED, LEFT_OUT, 404],
      'municipal service of mun 1': [LISTED, LISTED, LEFT_OUT, 404],
      'methodist of school 1-1': [LISTED, LEFT_OUT, LEFT_OUT, 404],
      'methodist of school 1-2': [LEFT_OUT, LISTED, LEFT_OUT, 404],
      'teacher of school 1-1': [LISTED, LEFT_OUT, LEFT_OUT, 404],
      'user of another tenant': all(404),
    },
  },
  {
    // the routes about a person: only those of them the caller may see (the instance's read cells)
    name: 'GET /api/process-instances?subject=:teacher lists the route about her',
    instance: true,
    call: (p) => ({ method: 'GET', path: `/api/process-instances?tenant=${p.tenantKey}&processKey=matrix&subject=${p.teacherId}&size=500` }),
    listed: (body, _p, o) => body.items.some((x) => x.id === o.instanceId),
    expected: {
      superadmin: all(LISTED),
      'tenant admin': [LISTED, LISTED, LISTED, 404],
      'designer of the tenant': [LEFT_OUT, LEFT_OUT, LEFT_OUT, 404],
      'administrator of mun 1': [LISTED, LISTED, LEFT_OUT, 404],
      'supervisor of mun 1': [LISTED, LISTED, LEFT_OUT, 404],
      'municipal service of mun 1': [LEFT_OUT, LEFT_OUT, LEFT_OUT, 404],
      'methodist of school 1-1': [LISTED, LEFT_OUT, LEFT_OUT, 404],
      'methodist of school 1-2': [LEFT_OUT, LISTED, LEFT_OUT, 404],
      'teacher of school 1-1': [LISTED, LEFT_OUT, LEFT_OUT, 404],
      'user of another tenant': all(404),
    },
  },
  {
    name: 'POST /api/deployments',
    instance: false,
    call: (p) => ({ method: 'POST', path: '/api/deployments', body: { tenant: p.tenantKey, name: 'matrix', resources: RESOURCES } }),
    expected: TENANT_DESIGN(201),
  },
  {
    // every user of the tenant reads its definitions (to start processes)
    name: 'GET /api/process-definitions',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/process-definitions?latest=true&tenant=${p.tenantKey}` }),
    expected: {
      superadmin: all(200),
      'tenant admin': inA(200),
      'designer of the tenant': inA(200),
      'administrator of mun 1': inA(200),
      'supervisor of mun 1': inA(200),
      'municipal service of mun 1': inA(200),
      'methodist of school 1-1': inA(200),
      'methodist of school 1-2': inA(200),
      'teacher of school 1-1': inA(200),
      'user of another tenant': all(404),
    },
  },
  {
    name: 'POST /api/tenants',
    instance: false,
    call: (_p, _o, n) => ({ method: 'POST', path: '/api/tenants', body: { key: `matrix-t${n}`, name: `Регион ${n}`, timeZone: 'Europe/Moscow' } }),
    expected: {
      superadmin: all(201),
      'tenant admin': all(403),
      'designer of the tenant': all(403),
      'administrator of mun 1': all(403),
      'supervisor of mun 1': all(403),
      'municipal service of mun 1': all(403),
      'methodist of school 1-1': all(403),
      'methodist of school 1-2': all(403),
      'teacher of school 1-1': all(403),
      'user of another tenant': all(403),
    },
  },
  {
    // self, the superadmin and the user's administrators; anything else 404
    name: 'GET /api/users/:id',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/users/${p.teacherId}` }),
    expected: {
      superadmin: all(200),
      'tenant admin': inA(200),
      'designer of the tenant': all(404),
      'administrator of mun 1': [200, 200, 404, 404],
      'supervisor of mun 1': all(404),
      'municipal service of mun 1': all(404),
      'methodist of school 1-1': all(404),
      'methodist of school 1-2': all(404),
      'teacher of school 1-1': [200, 404, 404, 404],
      'user of another tenant': all(404),
    },
  },
  {
    name: 'POST /api/organizations',
    instance: false,
    call: (p, _o, n) => ({ method: 'POST', path: '/api/organizations', body: { tenant: p.tenantKey, name: `Группа ${n}`, level: 'group', parentId: p.school } }),
    // administrators of an ancestor of the place: the root's, or the branch's for its own schools
    expected: { ...TENANT_ADMIN(201), 'administrator of mun 1': [201, 201, 403, 404] },
  },
  {
    name: 'GET /api/incidents',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/incidents?tenant=${p.tenantKey}` }),
    expected: TENANT_ADMIN(200),
  },
  {
    name: 'POST /api/messages',
    instance: false,
    call: (p) => ({ method: 'POST', path: '/api/messages', body: { tenant: p.tenantKey, name: 'nobody-waits', correlationKey: 'k' } }),
    expected: TENANT_ADMIN(200),
  },
  {
    // a user of the place's school: its administrators create it (the branch's for its own schools)
    name: 'POST /api/users',
    instance: false,
    call: (p, _o, n) => ({
      method: 'POST',
      path: '/api/users',
      body: { tenant: p.tenantKey, username: `matrix-user-${n}`, password: 'password-123', fullName: `Педагог ${n}`, memberships: [{ orgId: p.school, role: 'teacher' }] },
    }),
    expected: { ...TENANT_ADMIN(201), 'administrator of mun 1': [201, 201, 403, 404] },
  },
  {
    // the tenant's drafts are tenant-wide: the root's administrators and designers only
    name: 'PUT /api/drafts/:name',
    instance: false,
    call: (p, _o, n) => ({ method: 'PUT', path: `/api/drafts/matrix-${n}.bpmn`, body: { tenant: p.tenantKey, content: MATRIX_BPMN } }),
    expected: TENANT_DESIGN(200),
  },
  {
    name: 'GET /api/drafts',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/drafts?tenant=${p.tenantKey}` }),
    expected: TENANT_DESIGN(200),
  },
  {
    name: 'PUT /api/reference-lists/:key',
    instance: false,
    call: (p) => ({ method: 'PUT', path: '/api/reference-lists/matrix-list', body: { tenant: p.tenantKey, items: [{ value: 'a', label: 'А' }] } }),
    expected: TENANT_DESIGN(200),
  },
  {
    name: 'GET /api/sandbox',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/sandbox?tenant=${p.tenantKey}` }),
    expected: TENANT_DESIGN(200),
  },
  {
    // the whole log for the root's administrators; a branch administrator reads its branch's part
    name: 'GET /api/personal-data-access',
    instance: false,
    call: (p) => ({ method: 'GET', path: `/api/personal-data-access?tenant=${p.tenantKey}` }),
    expected: { ...TENANT_ADMIN(200), 'administrator of mun 1': inA(200) },
  },
];

/** Another tenant with the fixture variant: region → municipality → school, its teacher, methodist and admin (usernames are global). */
interface OtherTenant {
  tenantKey: string;
  school: string;
  teacherId: string;
  teacherToken: string;
  adminToken: string;
}
async function otherTenant(s: TestServer, superToken: string, key: string): Promise<OtherTenant> {
  await ok(s, 'POST', '/api/tenants', { key, name: `Регион ${key}`, timeZone: 'Europe/Moscow' }, superToken);
  await ok(s, 'POST', '/api/deployments', { tenant: key, name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, superToken);
  const org = async (name: string, level: string, parentId?: string) => (await ok(s, 'POST', '/api/organizations', { tenant: key, name, level, parentId }, superToken)).id as string;
  const region = await org('Регион', 'region');
  const school = await org('Школа 1-1', 'school', await org('Район 1', 'municipality', region));
  const user = async (username: string, orgId: string, role: string) => {
    const u = await ok(s, 'POST', '/api/users', { tenant: key, username, password: 'password-123', fullName: username, memberships: [{ orgId, role }] }, superToken);
    return { id: u.id as string, token: await s.login(username, 'password-123') };
  };
  const teacher = await user(`${key}-teacher11`, school, 'teacher');
  await user(`${key}-methodist11`, school, 'methodist');
  const admin = await user(`${key}-admin`, region, 'admin');
  return { tenantKey: key, school, teacherId: teacher.id, teacherToken: teacher.token, adminToken: admin.token };
}

describe('identity: the authorisation matrix (role × relation × endpoint)', () => {
  let s: TestServer;
  let a: TenantFixture;
  let b: OtherTenant;
  let c: OtherTenant;
  const tokens = {} as Record<Role, string>;
  const places = {} as Record<Relation, Place>;
  let n = 0;

  beforeAll(async () => {
    s = await startTestServer();
    a = await createTenantFixture(s, 'matrix-a');
    b = await otherTenant(s, a.superToken, 'matrix-b');
    c = await otherTenant(s, a.superToken, 'matrix-c');
    for (const key of [a.tenantKey, b.tenantKey]) {
      await ok(s, 'POST', '/api/deployments', { tenant: key, name: 'matrix', resources: RESOURCES }, a.superToken);
      await ok(s, 'POST', '/api/deployments', { tenant: key, name: 'groups', resources: [{ name: 'variant.json', content: JSON.stringify(GROUPS_VARIANT) }] }, a.superToken);
    }
    const t21 = await ok(s, 'POST', '/api/users', { tenant: a.tenantKey, username: 'teacher21', password: 'password-123', fullName: 'Учитель школы 2-1', memberships: [{ orgId: a.orgs.school21, role: 'teacher' }] }, a.superToken);
    const t21Token = await s.login('teacher21', 'password-123');
    await ok(s, 'POST', '/api/users', { tenant: a.tenantKey, username: 'admin-mun1', password: 'password-123', fullName: 'Администратор района 1', memberships: [{ orgId: a.orgs.mun1, role: 'admin' }] }, a.superToken);
    // the right the tenant grants explicitly: its administrator gives `designer` at the root
    await ok(s, 'POST', '/api/users', { username: 'designer-a', password: 'password-123', fullName: 'Разработчик регламента', memberships: [{ orgId: a.orgs.region, role: 'designer' }] }, a.tokens['t-admin']);
    Object.assign(tokens, {
      superadmin: a.superToken,
      'tenant admin': a.tokens['t-admin'],
      'designer of the tenant': await s.login('designer-a', 'password-123'),
      'administrator of mun 1': await s.login('admin-mun1', 'password-123'),
      'supervisor of mun 1': a.tokens.supervisor1,
      'municipal service of mun 1': a.tokens.municipal1,
      'methodist of school 1-1': a.tokens.methodist11,
      'methodist of school 1-2': a.tokens.methodist12,
      'teacher of school 1-1': a.tokens.teacher11,
      'user of another tenant': c.adminToken,
    });
    const definitionOf = async (tenantKey: string) =>
      (await sql<{ id: string }>(s, `SELECT d.id FROM process_definition d JOIN tenant t ON t.id = d.tenant_id WHERE t.key = $1 AND d.key = 'matrix' ORDER BY d.version DESC LIMIT 1`, [tenantKey]))[0].id;
    const [defA, defB] = [await definitionOf(a.tenantKey), await definitionOf(b.tenantKey)];
    Object.assign(places, {
      'same school': { tenantKey: a.tenantKey, school: a.orgs.school11, teacherId: a.users.teacher11, teacherToken: a.tokens.teacher11, definitionId: defA },
      'sibling school': { tenantKey: a.tenantKey, school: a.orgs.school12, teacherId: a.users.teacher12, teacherToken: a.tokens.teacher12, definitionId: defA },
      'other municipality': { tenantKey: a.tenantKey, school: a.orgs.school21, teacherId: t21.id, teacherToken: t21Token, definitionId: defA },
      'other tenant': { tenantKey: b.tenantKey, school: b.school, teacherId: b.teacherId, teacherToken: b.teacherToken, definitionId: defB },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A fresh instance of `matrix` at the place, started by its teacher, and its open task. */
  async function freshInstance(place: Place): Promise<{ instanceId: string; taskId: string }> {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'matrix' }, place.teacherToken);
    expect(inst.orgId).toBe(place.school);
    const [task] = await sql<{ id: string }>(s, `SELECT id FROM user_task WHERE instance_id = $1`, [inst.id]);
    return { instanceId: inst.id, taskId: task.id };
  }

  const cells = ENDPOINTS.flatMap((e) =>
    ROLES.flatMap((role) => RELATIONS.map((rel, i) => [e.name, role, rel, e.expected[role][i]] as [string, Role, Relation, number])),
  );

  test('the table covers every endpoint, role and relation', () => {
    expect(cells).toHaveLength(ENDPOINTS.length * ROLES.length * 4);
    expect(ROLES).toHaveLength(10);
  });

  test.each(cells)('%s as %s, object at %s → %i', async (endpointName, role, rel, expected) => {
    const e = ENDPOINTS.find((x) => x.name === endpointName)!;
    const place = places[rel];
    const obj = e.instance ? await freshInstance(place) : { instanceId: '', taskId: '' };
    const call = e.call(place, obj, ++n);
    const r = await s.call(call.method, call.path, call.body, tokens[role]);
    const got = e.listed && r.status === 200 ? (e.listed(r.body, place, obj) ? LISTED : LEFT_OUT) : r.status;
    if (got !== expected) throw new Error(`${call.method} ${call.path} as ${role}: expected ${expected}, got ${got} (status ${r.status}) ${JSON.stringify(r.body).slice(0, 500)}`);
    if (expected === 404) {
      // a 404 only says "not found": never that the object exists but belongs elsewhere or is forbidden
      expect(r.body.message).toMatch(/not found$/);
      expect(r.body.message).not.toMatch(/forbidden|permission|access|tenant of|another|belongs|administ/i);
    }
    if (endpointName === 'POST /api/tasks/:id/complete' && expected === 200) {
      const [row] = await sql(s, `SELECT count(*)::int AS open FROM user_task WHERE id = $1`, [obj.taskId]);
      expect(row.open).toBe(0);
    }
  });

  describe('a completed task: "no longer open" (409) only to those who may see its instance, 404 to the rest', () => {
    const expected: Record<Role, number> = {
      superadmin: 404,
      'tenant admin': 409,
      'designer of the tenant': 404,
      'administrator of mun 1': 409,
      'supervisor of mun 1': 409,
      'municipal service of mun 1': 404,
      'methodist of school 1-1': 409,
      'methodist of school 1-2': 404,
      'teacher of school 1-1': 409,
      'user of another tenant': 404,
    };
    let done = '';
    beforeAll(async () => {
      const obj = await freshInstance(places['same school']);
      await ok(s, 'POST', `/api/tasks/${obj.taskId}/complete`, { variables: {} }, a.tokens.methodist11);
      done = obj.taskId;
    });

    test.each(ROLES.map((role) => [role, expected[role]] as const))('POST /api/tasks/:id/claim on it as %s → %i', async (role, status) => {
      const r = await s.call('POST', `/api/tasks/${done}/claim`, undefined, tokens[role]);
      expect(r.status).toBe(status);
      if (status === 404) expect(r.body.message).toBe(`task ${done} not found`);
    });
  });

  describe('the designer right: granted explicitly by the tenant, at its root only', () => {
    const designer = (orgId: string, n: string) => ({ username: `designer-${n}`, password: 'password-123', fullName: 'Разработчик', memberships: [{ orgId, role: 'designer' }] });

    test('the session says what the designer may use: design, not administer', async () => {
      const me = await ok(s, 'GET', '/api/auth/me', undefined, tokens['designer of the tenant']);
      expect(me).toMatchObject({ canDesign: true, isTenantAdmin: false, isBranchAdmin: false });
      expect(await ok(s, 'GET', '/api/auth/me', undefined, tokens['tenant admin'])).toMatchObject({ canDesign: true, isTenantAdmin: true });
      expect(await ok(s, 'GET', '/api/auth/me', undefined, tokens['administrator of mun 1'])).toMatchObject({ canDesign: false, isTenantAdmin: false, isBranchAdmin: true });
    });

    test('held at a branch it would grant nothing tenant-wide: refused with a 400 in Russian naming the membership (also in an import)', async () => {
      const r = await s.call('POST', '/api/users', designer(a.orgs.mun1, 'at-branch'), tokens['tenant admin'], { 'accept-language': 'ru' });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/«Разработчик регламента» действует на весь арендатор и даётся только в корневой организации/);
      expect(Object.keys(r.body.fields)).toEqual(['memberships.0.role']);
      const csv = 'username;fullName;email;password;org;role\ndesigner-csv;Разработчик;;password-123;Регион/Район 1;designer\n';
      const imp = await s.call('POST', '/api/users/import', csv, tokens['tenant admin'], { 'content-type': 'text/csv', 'accept-language': 'ru' });
      expect(JSON.stringify(imp.body)).toMatch(/даётся только в корневой организации/);
      expect(await sql(s, `SELECT 1 FROM app_user WHERE username IN ('designer-at-branch', 'designer-csv')`)).toEqual([]);
    });

    test('an administrator of a branch cannot grant it (the root is not hers); nor can the designer grant anything', async () => {
      expect((await s.call('POST', '/api/users', designer(a.orgs.region, 'by-branch'), tokens['administrator of mun 1'])).status).toBe(403);
      expect((await s.call('POST', '/api/users', designer(a.orgs.region, 'by-designer'), tokens['designer of the tenant'])).status).toBe(403);
      const me = await ok(s, 'GET', '/api/auth/me', undefined, tokens['administrator of mun 1']);
      const self = await s.call('PATCH', `/api/users/${me.id}`, { memberships: [{ orgId: a.orgs.mun1, role: 'admin' }, { orgId: a.orgs.region, role: 'designer' }] }, tokens['administrator of mun 1']);
      expect(self.status).toBe(403);
    });

    test('a variant cannot declare a role named designer', async () => {
      const variant = { ...FIXTURE_VARIANT, key: 'redeclares', roles: [{ key: 'designer', name: 'Дизайнер', level: 'school' }] };
      const r = await s.call('POST', '/api/deployments', { name: 'v', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }] }, tokens['tenant admin'], { 'accept-language': 'ru' });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.problems)).toMatch(/«designer» — системная роль/);
    });

    test('the designer runs the sandbox and moves its clock, but not the tenant\'s own', async () => {
      const sandbox = await ok(s, 'GET', '/api/sandbox', undefined, tokens['designer of the tenant']);
      const key = sandbox.tenantKey ?? sandbox.key;
      expect(typeof key).toBe('string');
      expect((await s.call('POST', '/api/clock/advance', { tenant: key, duration: 'P1D' }, tokens['designer of the tenant'])).status).toBe(200);
      expect((await s.call('POST', '/api/clock/advance', { tenant: a.tenantKey, duration: 'P1D' }, tokens['designer of the tenant'])).status).toBe(403);
    });
  });

  describe('an expired, forged or missing token is 401 on every endpoint', () => {
    const someId = '00000000-0000-4000-8000-000000000001';
    const calls: Call[] = [
      { method: 'GET', path: `/api/tasks/${someId}` },
      { method: 'POST', path: `/api/tasks/${someId}/claim` },
      { method: 'POST', path: `/api/tasks/${someId}/complete`, body: { variables: {} } },
      { method: 'POST', path: `/api/tasks/${someId}/assignee`, body: { userId: someId } },
      { method: 'POST', path: `/api/process-instances/${someId}/messages`, body: { name: 'matrix-raise' } },
      { method: 'POST', path: '/api/process-instances', body: { processKey: 'matrix', subjectId: someId } },
      { method: 'GET', path: `/api/process-instances/${someId}` },
      { method: 'GET', path: `/api/process-instances/${someId}/history` },
      { method: 'POST', path: `/api/process-instances/${someId}/cancel` },
      { method: 'PUT', path: `/api/process-instances/${someId}/variables`, body: { variables: {} } },
      { method: 'POST', path: '/api/deployments', body: { name: 'x', resources: RESOURCES } },
      { method: 'GET', path: '/api/process-definitions' },
      { method: 'POST', path: '/api/tenants', body: { key: 'never-made', name: 'x', timeZone: 'Europe/Moscow' } },
      { method: 'GET', path: `/api/users/${someId}` },
      { method: 'POST', path: '/api/organizations', body: { name: 'x', level: 'school' } },
      { method: 'GET', path: '/api/incidents' },
      { method: 'POST', path: '/api/messages', body: { name: 'x' } },
    ];
    const kinds = ['expired', 'forged', 'missing'] as const;
    const tokenCells = calls.flatMap((call) => kinds.map((k) => [`${call.method} ${call.path.replace(someId, ':id')}`, k, call] as const));

    test.each(tokenCells)('%s with a %s token → 401', async (_name, kind, call) => {
      const valid = a.tokens['t-admin'];
      const claims = claimsOf(valid);
      const now = Math.floor(Date.now() / 1000);
      const token =
        kind === 'expired' ? signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, await jwtSecret(s))
        : kind === 'forged' ? signJwt({ ...claims, exp: now + 3600 }, 'not-the-secret')
        : undefined;
      const r = await s.call(call.method, call.path, call.body, token);
      expect(r.status).toBe(401);
    });
  });
});
