/** The inbox contract of the server (`/api/tasks`, `/api/process-definitions`, `/api/process-instances`). */
import { api } from '../../shared/api';
import type { FormSchema, PreviousSteps, TaskSummary, VariantSummary } from '../../shared/api-shapes';
import { endOfWeek } from './task-query';
import type { LoopItem } from './loop-item';
import type { TaskQuery } from './task-query';

export type { DueFilter, TaskQuery, TaskScope, TaskSort } from './task-query';
export type { FormSchema, PreviousStep, PreviousSteps, Subject, SubjectCard, TaskSummary, VariantSummary } from '../../shared/api-shapes';

export interface TaskPage {
  items: TaskSummary[];
  total: number;
}

/** One step of the instance so far (`context.history`). */
export interface HistoryStep {
  at: string;
  type: string;
  elementId?: string | null;
  elementName?: string | null;
  userName?: string | null;
}

/** `context` of `GET /api/tasks/:id`: the instance, the variables the form starts from, what happened so far. */
export interface TaskContext {
  instance?: {
    id: string;
    businessKey?: string | null;
    startedAt?: string | null;
    startedByName?: string | null;
    variables?: Record<string, unknown>;
  } | null;
  variables?: Record<string, unknown> | null;
  history?: HistoryStep[];
}

export interface TaskDetail extends TaskSummary {
  form: FormSchema | null;
  /** The items of the loops the task is inside (a step «for each event»), innermost first. */
  loopItems?: LoopItem[];
  context?: TaskContext | null;
  processVersion?: number;
}

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
}


export const listTasks = (q: TaskQuery, now: Date = new Date()) =>
  api.get<TaskPage>('/tasks', {
    q: q.q || undefined,
    scope: q.scope,
    processKey: q.processKey || undefined,
    orgId: q.orgId || undefined,
    overdue: q.due === 'overdue' ? 'true' : q.due === 'onTime' || q.due === 'week' ? 'false' : undefined,
    dueBefore: q.due === 'week' ? endOfWeek(now).toISOString() : undefined,
    sort: q.sort,
    page: q.page,
    size: q.size,
  });
/** The caller's open tasks of one instance (to go straight to the first step after a start). */
export const listInstanceTasks = (processInstanceId: string) =>
  api.get<TaskPage>('/tasks', { scope: 'all', processInstanceId, sort: 'createdAt', page: 1, size: 5 });
export const getTask = (id: string) => api.get<TaskDetail>(`/tasks/${encodeURIComponent(id)}`);
/** What came before the task: the route's completed steps with their forms and values, and the subject's card. */
export const getPreviousSteps = (id: string) => api.get<PreviousSteps>(`/tasks/${encodeURIComponent(id)}/previous-steps`);
export const claimTask = (id: string) => api.post<unknown>(`/tasks/${encodeURIComponent(id)}/claim`);
export const unclaimTask = (id: string) => api.post<unknown>(`/tasks/${encodeURIComponent(id)}/unclaim`);
export const completeTask = (id: string, variables: Record<string, unknown>) =>
  api.post<unknown>(`/tasks/${encodeURIComponent(id)}/complete`, { variables });

export const listLatestDefinitions = () => api.get<ProcessDefinition[] | { items: ProcessDefinition[] }>('/process-definitions', { latest: 'true' }).then(unwrapList);
export const startInstance = (processKey: string, variables: Record<string, unknown> = {}, orgId?: string, subjectId?: string) =>
  api.post<{ id?: string; processInstanceId?: string }>('/process-instances', {
    processKey,
    variables,
    ...(orgId ? { orgId } : {}),
    ...(subjectId ? { subjectId } : {}),
  });

/** A person the caller may start a route about. */
export interface StartSubject {
  id: string;
  fullName: string;
  orgId: string;
  orgName: string;
}
/** Whom the caller may start the process of this definition about (`subjectId`). */
export const listStartSubjects = (definitionId: string) =>
  api.get<{ items: StartSubject[] }>(`/process-definitions/${encodeURIComponent(definitionId)}/subjects`).then((r) => r.items ?? []);
/** The BPMN of a definition (to read its description and first step). */
export const getDefinitionXml = (definitionId: string) => api.text(`/process-definitions/${encodeURIComponent(definitionId)}/xml`);

export const listVariants = () => api.get<VariantSummary[] | { items: VariantSummary[] }>('/variants').then(unwrapList);

/** Accepts a bare array or a `{ items }` page. */
export function unwrapList<T>(answer: T[] | { items: T[] } | null | undefined): T[] {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer.items)) return answer.items;
  return [];
}

/**
 * The definitions the user's roles may start: a process whose variant names `startRoles` is kept
 * when the user holds one of them (or `admin`); a process no variant restricts is open to all.
 */
export function startableDefinitions(defs: ProcessDefinition[], variants: VariantSummary[], myRoles: string[]): ProcessDefinition[] {
  const allowed = new Map<string, string[]>();
  for (const v of variants) {
    for (const [key, p] of Object.entries(v.processes ?? {})) {
      if (p?.startRoles?.length) allowed.set(key, [...(allowed.get(key) ?? []), ...p.startRoles]);
    }
  }
  return defs.filter((d) => {
    const roles = allowed.get(d.key);
    return !roles || myRoles.includes('admin') || myRoles.some((r) => roles.includes(r));
  });
}
