/** The server contract of the sandbox (`/api/sandbox`) and the engine clock (`/api/clock`). */
import { api } from '../../shared/api';
import type { FormSchema } from '../inbox/tasks-api';

export interface SandboxActor {
  role: string;
  roleName: string;
  userId: string;
  username: string;
  orgId: string;
  orgName: string;
}

export interface ClockView {
  mode: 'real' | 'simulated';
  now: string;
  timeZone?: string;
}

export interface SandboxInfo {
  tenantKey: string;
  actors: SandboxActor[];
  clock: ClockView;
  lastUsedAt?: string;
  removeAfter?: string;
}

/** A sandbox task as its test user sees it: with its form and the data the form starts from. */
export interface SandboxTaskDetail {
  id: string;
  form: FormSchema | null;
  context?: { variables?: Record<string, unknown> };
}

export interface SandboxTask {
  id: string;
  name: string | null;
  elementId: string;
  candidateRoles: string[];
  orgName: string | null;
  dueAt: string | null;
  formId: string | null;
  actor: SandboxActor | null;
}

export interface SandboxRun {
  instance: { id: string; processKey: string; processName?: string | null; state: string; activeElementIds: string[]; startedAt: string; endedAt: string | null; variables: Record<string, unknown> };
  tasks: SandboxTask[];
  history: { at: string; type: string; elementId: string | null; elementName: string | null; user: string | null }[];
  completedElementIds: string[];
  xml: string;
  clock: ClockView;
}

export const sandboxInfo = () => api.get<SandboxInfo>('/sandbox');
export const startRun = (draft: string, variables: Record<string, unknown> = {}) => api.post<SandboxRun>('/sandbox/runs', { draft, variables });
export const getRun = (id: string) => api.get<SandboxRun>(`/sandbox/runs/${encodeURIComponent(id)}`);
export const completeTask = (runId: string, taskId: string, variables: Record<string, unknown>) =>
  api.post<SandboxRun>(`/sandbox/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}/complete`, { variables });
export const getSandboxTask = (runId: string, taskId: string) =>
  api.get<SandboxTaskDetail>(`/sandbox/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}`);
/** Moves the sandbox's own time (never any other tenant's): by an ISO duration or to an instant. */
export const advanceClock = (tenant: string, by: { duration?: string; to?: string }) =>
  api.post<{ now: string; fired: number }>('/clock/advance', { tenant, ...by });
export const resetSandbox = () => api.del<{ removed: boolean }>('/sandbox');

/** Parses the variables text of a task; throws with a readable message. */
export function parseVariables(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const value = JSON.parse(trimmed) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('нужен объект JSON: { "поле": значение }');
  return value as Record<string, unknown>;
}
