import { FIXTURE_VARIANT, ok, resourcesBeside } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import type { TestServer } from '../../support/test-server.js';

/** A resource beside these suites, as a deployment resource. */
export const resource = resourcesBeside(import.meta.url);

/** The fixture variant with the supervision declarations of these suites. */
export const SUPERVISION_VARIANT = {
  ...FIXTURE_VARIANT,
  processes: { support: { stageLimits: { 'support-stage': 'P30D' } } },
  indicators: [
    {
      key: 'plan-chosen',
      name: 'Доля педагогов, выбравших направления сопровождения',
      numerator: { count: 'instances', process: 'support', reached: ['plan'] },
      denominator: { count: 'instances', process: 'support' },
    },
    {
      key: 'difficulties',
      name: 'Доля педагогов с затруднениями',
      numerator: { count: 'instances', process: 'support', where: 'difficulties = true' },
      denominator: { count: 'instances', process: 'support' },
    },
    {
      key: 'completed',
      name: 'Доля завершённых маршрутов',
      numerator: { count: 'instances', process: 'support', state: 'completed' },
      denominator: { count: 'instances', process: 'support' },
    },
    {
      key: 'young',
      name: 'Доля педагогов до 35 лет',
      numerator: { count: 'users', role: 'teacher', where: 'age < 35' },
      denominator: { count: 'users', role: 'teacher' },
    },
  ],
};

/** Deploys the supervision variant and the support diagram as the tenant administrator. */
export async function deploySupervision(s: TestServer, f: TenantFixture) {
  return ok(s, 'POST', '/api/deployments', {
    name: 'supervision',
    resources: [{ name: 'variant.json', content: JSON.stringify(SUPERVISION_VARIANT) }, resource('supervision.support-stages.bpmn')],
  }, f.tokens['t-admin']);
}

/** Starts a support instance at `orgId` as the tenant administrator (or as `token`). */
export async function startSupport(s: TestServer, f: TenantFixture, orgId: string, variables: Record<string, unknown> = {}, token = f.tokens['t-admin']) {
  return ok(s, 'POST', '/api/process-instances', { processKey: 'support', orgId, variables }, token);
}

/** The open task of an instance at an element (read through the supervision instance view). */
export async function taskOf(s: TestServer, f: TenantFixture, instanceId: string, elementId: string): Promise<{ id: string; elementId: string; dueAt: string | null }> {
  const view = await ok(s, 'GET', `/api/supervision/instances/${instanceId}`, undefined, f.tokens['t-admin']);
  return view.tasks.find((t: any) => t.elementId === elementId);
}

/** Moves the simulated clock by an ISO duration (as the tenant administrator). */
export async function advanceBy(s: TestServer, f: TenantFixture, duration: string) {
  return ok(s, 'POST', '/api/clock/advance', { duration }, f.tokens['t-admin']);
}
