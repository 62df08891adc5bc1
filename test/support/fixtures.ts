import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from './test-server.js';
import { TEST_ADMIN_PASSWORD } from './test-server.js';

/** A small tenant for API tests: region → 2 municipalities → 2 schools each, users for each role. */
export interface TenantFixture {
  tenantKey: string;
  tenantId: string;
  superToken: string;
  orgs: { region: string; mun1: string; mun2: string; school11: string; school12: string; school21: string };
  /** username → token */
  tokens: Record<string, string>;
  users: Record<string, string>;
}

/** The variant file of the fixture tenant. */
export const FIXTURE_VARIANT = {
  key: 'fixture',
  name: 'Тестовый вариант',
  levels: ['region', 'municipality', 'school'],
  roles: [
    { key: 'teacher', name: 'Педагог', level: 'school' },
    { key: 'methodist', name: 'Методист ОО', level: 'school' },
    { key: 'municipal', name: 'ММС', level: 'municipality' },
    { key: 'centre', name: 'ЦНППМ', level: 'region' },
  ],
};

/** Calls the API and fails the test with the answer when the status is not the expected one. */
export async function ok<T = any>(s: TestServer, method: string, path: string, body: unknown, token: string, expected = [200, 201]): Promise<T> {
  const r = await s.call<T>(method, path, body, token);
  if (!expected.includes(r.status)) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Creates the fixture tenant through the API (tenant, variant, organisations, users). */
export async function createTenantFixture(s: TestServer, tenantKey = 'fixture-region', timeZone = 'Asia/Kamchatka'): Promise<TenantFixture> {
  const superToken = await s.login('admin', TEST_ADMIN_PASSWORD);
  const tenant = await ok(s, 'POST', '/api/tenants', { key: tenantKey, name: 'Тестовый регион', timeZone }, superToken);
  await ok(s, 'POST', '/api/deployments', { tenant: tenantKey, name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(FIXTURE_VARIANT) }] }, superToken);
  const org = async (name: string, level: string, parentId?: string) =>
    (await ok(s, 'POST', '/api/organizations', { tenant: tenantKey, name, level, parentId }, superToken)).id as string;
  const region = await org('Регион', 'region');
  const mun1 = await org('Район 1', 'municipality', region);
  const mun2 = await org('Район 2', 'municipality', region);
  const school11 = await org('Школа 1-1', 'school', mun1);
  const school12 = await org('Школа 1-2', 'school', mun1);
  const school21 = await org('Школа 2-1', 'school', mun2);
  const people: [string, string, { orgId: string; role: string }[]][] = [
    ['t-admin', 'Администратор региона', [{ orgId: region, role: 'admin' }]],
    ['teacher11', 'Учитель школы 1-1', [{ orgId: school11, role: 'teacher' }]],
    ['teacher12', 'Учитель школы 1-2', [{ orgId: school12, role: 'teacher' }]],
    ['methodist11', 'Методист школы 1-1', [{ orgId: school11, role: 'methodist' }]],
    ['methodist12', 'Методист школы 1-2', [{ orgId: school12, role: 'methodist' }]],
    ['municipal1', 'ММС района 1', [{ orgId: mun1, role: 'municipal' }]],
    ['municipal2', 'ММС района 2', [{ orgId: mun2, role: 'municipal' }]],
    ['centre', 'ЦНППМ', [{ orgId: region, role: 'centre' }]],
    ['supervisor1', 'Управление образования района 1', [{ orgId: mun1, role: 'supervisor' }]],
  ];
  const tokens: Record<string, string> = {};
  const users: Record<string, string> = {};
  for (const [username, fullName, memberships] of people) {
    const u = await ok(s, 'POST', '/api/users', { tenant: tenantKey, username, password: 'password-123', fullName, memberships }, superToken);
    users[username] = u.id;
    tokens[username] = await s.login(username, 'password-123');
  }
  return { tenantKey, tenantId: tenant.id, superToken, orgs: { region, mun1, mun2, school11, school12, school21 }, tokens, users };
}

/** Deploys resources to the fixture tenant as its administrator. */
export async function deploy(s: TestServer, f: TenantFixture, resources: { name: string; content: string }[]) {
  return ok(s, 'POST', '/api/deployments', { name: 'test', resources }, f.tokens['t-admin']);
}

/**
 * Reads the test diagrams and forms beside a suite: `const file = resourcesBeside(import.meta.url)`,
 * then `file('user-task.happy-path.bpmn')` is a deployment resource of that name.
 */
export function resourcesBeside(moduleUrl: string): (name: string) => { name: string; content: string } {
  const dir = path.dirname(fileURLToPath(moduleUrl));
  return (name) => ({ name, content: fs.readFileSync(path.join(dir, name), 'utf8') });
}
