import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { ok } from '../../support/fixtures.js';
import type { TestServer } from '../../support/test-server.js';
import { TEST_ADMIN_PASSWORD } from '../../support/test-server.js';

/** The repository's processes folder. */
export const PROCESSES = path.join(repoRoot(), 'processes');

/** Every deployable file of a variant folder: *.bpmn, forms/*.form, variant.json. */
export function variantResources(variant: string): { name: string; content: string }[] {
  const dir = path.join(PROCESSES, variant);
  const out: { name: string; content: string }[] = [];
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.bpmn')) out.push({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') });
  const forms = path.join(dir, 'forms');
  if (fs.existsSync(forms)) {
    for (const f of fs.readdirSync(forms).sort()) if (f.endsWith('.form')) out.push({ name: `forms/${f}`, content: fs.readFileSync(path.join(forms, f), 'utf8') });
  }
  out.push({ name: 'variant.json', content: fs.readFileSync(path.join(dir, 'variant.json'), 'utf8') });
  return out;
}

/** A tenant of a variant for a scenario: organisations by ref, users by username with tokens. */
export interface VariantTenant {
  tenantKey: string;
  superToken: string;
  org: Record<string, string>;
  user: Record<string, string>;
  token: Record<string, string>;
  /** the tenant admin's token (moves the simulated clock) */
  admin: string;
}

/**
 * Creates a tenant, deploys the variant folder, builds the tree `orgs` ([ref, name, level, parentRef?])
 * and the users `users` ([username, fullName, [[orgRef, role]…], profile?]); logs everyone in.
 */
export async function variantTenant(
  s: TestServer, variant: string, tenantKey: string, timeZone: string,
  orgs: [string, string, string, string?][], users: [string, string, [string, string][], Record<string, unknown>?][],
  adminUsername = 't-admin',
): Promise<VariantTenant> {
  const superToken = await s.login('admin', TEST_ADMIN_PASSWORD);
  await ok(s, 'POST', '/api/tenants', { key: tenantKey, name: tenantKey, timeZone }, superToken);
  await ok(s, 'POST', '/api/deployments', { tenant: tenantKey, name: variant, resources: variantResources(variant) }, superToken);
  const org: Record<string, string> = {};
  for (const [ref, name, level, parent] of orgs) {
    org[ref] = (await ok(s, 'POST', '/api/organizations', { tenant: tenantKey, name, level, parentId: parent ? org[parent] : undefined }, superToken)).id;
  }
  const user: Record<string, string> = {};
  const token: Record<string, string> = {};
  const all: typeof users = [[adminUsername, 'Администратор', [[orgs[0][0], 'admin']]], ...users];
  for (const [username, fullName, ms, profile] of all) {
    const u = await ok(s, 'POST', '/api/users', {
      tenant: tenantKey, username, password: 'password-123', fullName,
      memberships: ms.map(([o, role]) => ({ orgId: org[o], role })), profile,
    }, superToken);
    user[username] = u.id;
    token[username] = await s.login(username, 'password-123');
  }
  return { tenantKey, superToken, org, user, token, admin: token[adminUsername] };
}

/** The open tasks of a user (candidate or assigned), optionally of one instance. */
export async function tasksOf(s: TestServer, token: string, instanceId?: string): Promise<any[]> {
  const q = instanceId ? `?processInstanceId=${instanceId}&size=100` : '?size=100';
  return (await ok(s, 'GET', `/api/tasks${q}`, undefined, token)).items;
}

/** The one open task of `elementId` in the instance for this user; fails when there is none. */
export async function taskAt(s: TestServer, token: string, instanceId: string, elementId: string): Promise<any> {
  const all = await tasksOf(s, token, instanceId);
  const t = all.find((x) => x.elementId === elementId);
  if (!t) throw new Error(`no open task "${elementId}" for this user in ${instanceId}; open: ${all.map((x) => x.elementId).join(', ') || 'none'}`);
  return t;
}

/** Completes the open task `elementId` of the instance as the user. */
export async function complete(s: TestServer, token: string, instanceId: string, elementId: string, variables: Record<string, unknown> = {}) {
  const t = await taskAt(s, token, instanceId, elementId);
  await ok(s, 'POST', `/api/tasks/${t.id}/complete`, { variables }, token);
  return t;
}

/** The instance as its API answer. */
export async function instance(s: TestServer, token: string, id: string): Promise<any> {
  return ok(s, 'GET', `/api/process-instances/${id}`, undefined, token);
}

/** Moves the simulated clock. */
export async function advance(s: TestServer, token: string, body: { duration?: string; to?: string }) {
  return ok(s, 'POST', '/api/clock/advance', body, token);
}

/** Completed elements of an instance (from its history). */
export async function completedElements(s: TestServer, token: string, id: string): Promise<string[]> {
  const h = await ok(s, 'GET', `/api/process-instances/${id}/history`, undefined, token);
  return h.items.filter((x: any) => x.type === 'elementCompleted').map((x: any) => x.elementId);
}

/** A variant folder's document templates (`documents/*.json`) as deployment resources; none when it has no folder. */
export function documentResources(variant: string): { name: string; content: string }[] {
  const dir = path.join(PROCESSES, variant, 'documents');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: `documents/${f}`, content: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** The text of a DOCX document made from an instance (`POST /api/process-instances/:id/documents/:key`). */
export async function documentText(s: TestServer, token: string, instanceId: string, key: string): Promise<string> {
  const r = await fetch(`${s.url}/api/process-instances/${instanceId}/documents/${key}?format=docx`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 201) throw new Error(`document "${key}": ${r.status} ${await r.text()}`);
  const { default: JSZip } = await import('jszip');
  const xml = await (await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()))).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}
