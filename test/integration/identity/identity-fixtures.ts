import { createHmac } from 'node:crypto';
import pg from 'pg';
import type { TestServer } from '../../support/test-server.js';

/** The variant file of the test tenants: three levels and four declared roles. */
export const TEST_VARIANT = {
  key: 'post-course',
  name: 'Посткурсовое сопровождение',
  levels: ['region', 'municipality', 'school'],
  roles: [
    { key: 'teacher', name: 'Педагог', level: 'school' },
    { key: 'school-methodist', name: 'Методист ОО', level: 'school' },
    { key: 'mms', name: 'Муниципальная методическая служба', level: 'municipality' },
    { key: 'cnppm', name: 'ЦНППМ', level: 'region' },
  ],
};

/** Runs SQL on the server's database directly (what the deploy API will do later). */
export async function sql<T = Record<string, unknown>>(s: TestServer, text: string, args: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: s.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, args)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Declares levels and roles for a tenant by inserting a deployment and a variant row. */
export async function insertVariant(s: TestServer, tenantId: string, content: object = TEST_VARIANT, version = 1): Promise<void> {
  const [d] = await sql<{ id: string }>(s, `INSERT INTO deployment (tenant_id, name) VALUES ($1, 'test') RETURNING id`, [tenantId]);
  await sql(s, `INSERT INTO variant (tenant_id, key, version, deployment_id, content, content_hash) VALUES ($1, $2, $3, $4, $5, 'x')`, [
    tenantId,
    (content as { key: string }).key,
    version,
    d.id,
    JSON.stringify(content),
  ]);
}

/** The token-signing secret of the server (as the server reads it from `system_setting`). */
export async function jwtSecret(s: TestServer): Promise<string> {
  const [r] = await sql<{ value: string }>(s, `SELECT value FROM system_setting WHERE key = 'jwt_secret'`);
  return r.value;
}

/** Signs a HS256 JWT with `secret` (to forge or expire tokens in tests). */
export function signJwt(claims: object, secret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The claims of a JWT (unverified). */
export function claimsOf(token: string): { sub: string; sid: string; iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** A tenant with the test variant and a tree region → 2 municipalities → 2 schools each. */
export interface TestTree {
  tenantId: string;
  key: string;
  region: string;
  mun: [string, string];
  schools: [string, string, string, string];
}

/** Creates a tenant with the test variant and a small organisation tree, as the superadmin. */
export async function makeTree(s: TestServer, admin: string, key: string): Promise<TestTree> {
  const t = await s.call('POST', '/api/tenants', { key, name: `Регион ${key}`, timeZone: 'Asia/Kamchatka' }, admin);
  if (t.status !== 201) throw new Error(`tenant: ${t.status} ${JSON.stringify(t.body)}`);
  await insertVariant(s, t.body.id);
  const org = async (name: string, level: string, parentId?: string) => {
    const r = await s.call('POST', '/api/organizations', { tenant: key, name, level, parentId }, admin);
    if (r.status !== 201) throw new Error(`org ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const region = await org(`Регион ${key}`, 'region');
  const m1 = await org('Муниципалитет 1', 'municipality', region);
  const m2 = await org('Муниципалитет 2', 'municipality', region);
  const schools: string[] = [];
  for (const [i, m] of [m1, m1, m2, m2].entries()) schools.push(await org(`Школа ${i + 1}`, 'school', m));
  return { tenantId: t.body.id, key, region, mun: [m1, m2], schools: schools as TestTree['schools'] };
}

/** Creates a user (as `token`) and returns its id; throws on an error answer. */
export async function makeUser(s: TestServer, token: string, body: Record<string, unknown>): Promise<string> {
  const r = await s.call('POST', '/api/users', { password: 'password-123', fullName: `Пользователь ${body.username}`, ...body }, token);
  if (r.status !== 201) throw new Error(`user ${body.username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
}
