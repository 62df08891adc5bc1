/** The inbox contract of the server (`/api/tasks`, `/api/process-definitions`, `/api/process-instances`). */
import { api } from '../../shared/api';

export type TaskScope = 'assigned' | 'candidate' | 'all';

export interface TaskSummary {
  id: string;
  name: string | null;
  elementId: string;
  processInstanceId: string;
  processKey: string;
  assignee: string | null;
  candidateRoles: string[];
  orgId: string | null;
  dueAt: string | null;
  followUpAt: string | null;
  createdAt: string;
  formId: string | null;
}

export interface TaskPage {
  items: TaskSummary[];
  total: number;
}

/** A form-js schema (opaque here; the viewer reads it). */
export type FormSchema = Record<string, unknown> & { components?: unknown[] };

export interface TaskDetail extends TaskSummary {
  form: FormSchema | null;
  /** Process context: variables to prefill, names of the process and the organisation, … */
  context?: Record<string, unknown> | null;
  variables?: Record<string, unknown> | null;
  processName?: string | null;
  orgName?: string | null;
}

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
}

export interface TaskQuery {
  scope: TaskScope;
  processKey: string;
  overdue: boolean;
  page: number;
  size: number;
}

export const listTasks = (q: TaskQuery) =>
  api.get<TaskPage>('/tasks', {
    scope: q.scope,
    processKey: q.processKey || undefined,
    overdue: q.overdue ? 'true' : undefined,
    sort: 'dueAt',
    page: q.page,
    size: q.size,
  });
export const getTask = (id: string) => api.get<TaskDetail>(`/tasks/${encodeURIComponent(id)}`);
export const claimTask = (id: string) => api.post<unknown>(`/tasks/${encodeURIComponent(id)}/claim`);
export const unclaimTask = (id: string) => api.post<unknown>(`/tasks/${encodeURIComponent(id)}/unclaim`);
export const completeTask = (id: string, variables: Record<string, unknown>) =>
  api.post<unknown>(`/tasks/${encodeURIComponent(id)}/complete`, { variables });

export const listLatestDefinitions = () => api.get<ProcessDefinition[] | { items: ProcessDefinition[] }>('/process-definitions', { latest: 'true' }).then(unwrapList);
export const startInstance = (processKey: string, variables: Record<string, unknown> = {}) =>
  api.post<{ id?: string; processInstanceId?: string }>('/process-instances', { processKey, variables });

/** Accepts a bare array or a `{ items }` page. */
export function unwrapList<T>(answer: T[] | { items: T[] } | null | undefined): T[] {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer.items)) return answer.items;
  return [];
}
