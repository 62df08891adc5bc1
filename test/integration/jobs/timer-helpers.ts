import { ok, resourcesBeside } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import type { TestServer } from '../../support/test-server.js';

/** A diagram (or other resource) beside these suites, as a deployment resource. */
export const resource = resourcesBeside(import.meta.url);

/** Moves the simulated clock to an instant (as the tenant administrator); returns the answer. */
export async function advanceTo(s: TestServer, f: TenantFixture, to: string): Promise<{ now: string; fired: number; jobs: { kind: string; dueAt: string; firedAt: string; ok: boolean; error?: string }[] }> {
  return ok(s, 'POST', '/api/clock/advance', { to }, f.tokens['t-admin']);
}

/** Moves the simulated clock by an ISO duration. */
export async function advanceBy(s: TestServer, f: TenantFixture, duration: string) {
  return ok(s, 'POST', '/api/clock/advance', { duration }, f.tokens['t-admin']);
}

/** The instance's history rows (oldest first). */
export async function history(s: TestServer, f: TenantFixture, instanceId: string): Promise<any[]> {
  return (await ok(s, 'GET', `/api/process-instances/${instanceId}/history`, undefined, f.tokens['t-admin'])).items;
}

/** Instants at which `elementId` completed in the instance's history. */
export async function completedAt(s: TestServer, f: TenantFixture, instanceId: string, elementId: string): Promise<string[]> {
  return (await history(s, f, instanceId))
    .filter((h) => h.type === 'elementCompleted' && h.elementId === elementId)
    .map((h) => new Date(h.at).toISOString());
}

/** Deploys a variant (roles of the fixture) with extra fields, e.g. a calendar or HTTP endpoints. */
export async function deployVariant(s: TestServer, f: TenantFixture, extra: Record<string, unknown>) {
  const variant = {
    key: 'fixture',
    name: 'Тестовый вариант',
    levels: ['region', 'municipality', 'school'],
    roles: [
      { key: 'teacher', name: 'Педагог', level: 'school' },
      { key: 'methodist', name: 'Методист ОО', level: 'school' },
      { key: 'municipal', name: 'ММС', level: 'municipality' },
      { key: 'centre', name: 'ЦНППМ', level: 'region' },
    ],
    ...extra,
  };
  return ok(s, 'POST', '/api/deployments', { name: 'variant', resources: [{ name: 'variant.json', content: JSON.stringify(variant) }] }, f.tokens['t-admin']);
}
