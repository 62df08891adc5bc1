/** Inbox filters ⇄ route query, so a reload or a shared link keeps them. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** Who the inbox shows: assigned to the caller, offered to them, or both. */
export type TaskScope = 'assigned' | 'candidate' | 'all';
/** Sort orders `GET /api/tasks` accepts. */
export type TaskSort = 'dueAt' | '-dueAt' | 'createdAt';
/** Due-date filter: any, only overdue, only not overdue, due before the end of this week (and not overdue). */
export type DueFilter = '' | 'overdue' | 'onTime' | 'week';

/** The inbox filters, as `GET /api/tasks` takes them. */
export interface TaskQuery {
  /** text search: task name, process name, the subject's name */
  q: string;
  scope: TaskScope;
  processKey: string;
  /** organisation subtree */
  orgId: string;
  due: DueFilter;
  sort: TaskSort;
  page: number;
  size: number;
}

export const PAGE_SIZE = 20;
const SCOPES: TaskScope[] = ['assigned', 'candidate', 'all'];
export const SORTS: TaskSort[] = ['dueAt', '-dueAt', 'createdAt'];
const DUES: DueFilter[] = ['', 'overdue', 'onTime', 'week'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function one(v: LocationQuery[string]): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s ?? undefined;
}

/** Reads the filters from the route query; unknown or broken values fall back to defaults (all my tasks and my roles' ones). */
export function queryFromRoute(query: LocationQuery): TaskQuery {
  const scope = one(query.scope) as TaskScope | undefined;
  const page = Number.parseInt(one(query.page) ?? '', 10);
  const sort = one(query.sort) as TaskSort | undefined;
  const overdue = one(query.overdue);
  const dueRaw = (one(query.due) ?? (overdue === 'true' || overdue === '1' ? 'overdue' : '')) as DueFilter;
  const org = one(query.org) ?? '';
  return {
    q: (one(query.q) ?? '').trim().slice(0, 200),
    scope: scope && SCOPES.includes(scope) ? scope : 'all',
    processKey: one(query.process) ?? '',
    orgId: UUID.test(org) ? org : '',
    due: DUES.includes(dueRaw) ? dueRaw : '',
    sort: sort && SORTS.includes(sort) ? sort : 'dueAt',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    size: PAGE_SIZE,
  };
}

/** Writes the filters into a route query, leaving defaults out. */
export function routeFromQuery(q: TaskQuery): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  if (q.q) out.q = q.q;
  if (q.scope !== 'all') out.scope = q.scope;
  if (q.processKey) out.process = q.processKey;
  if (q.orgId) out.org = q.orgId;
  if (q.due) out.due = q.due;
  if (q.sort !== 'dueAt') out.sort = q.sort;
  if (q.page > 1) out.page = String(q.page);
  return out;
}

/**
 * Which of claim / unclaim the current user may try on a task. A task the process gave to one
 * person (no candidate roles or users) cannot be given back: nobody could take it then.
 */
export function taskActions(
  task: { assignee: string | null; candidateRoles?: readonly string[] | null; candidateUsers?: readonly string[] | null },
  me: { id: string; username: string } | null,
) {
  const mine = !!me && !!task.assignee && (task.assignee === me.username || task.assignee === me.id);
  const known = task.candidateRoles !== undefined || task.candidateUsers !== undefined;
  const hasCandidates = !known || !!task.candidateRoles?.length || !!task.candidateUsers?.length;
  return { canClaim: !task.assignee, canUnclaim: mine && hasCandidates, mine };
}

/** The server's overdue flag when it sent one, else the due date against the browser clock. */
export function taskOverdue(task: { dueAt: string | null; overdue?: boolean }, now: Date = new Date()): boolean {
  if (typeof task.overdue === 'boolean') return task.overdue;
  if (!task.dueAt) return false;
  const due = new Date(task.dueAt).getTime();
  return !Number.isNaN(due) && due < now.getTime();
}

/** Organisations to filter by: the user's own, then those of the listed tasks, once each, by name. */
export function orgOptions(
  roles: readonly { orgId: string; orgName?: string | null }[] | null | undefined,
  tasks: readonly { orgId: string | null; orgName?: string | null }[],
): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of roles ?? []) if (r.orgId && !seen.has(r.orgId)) seen.set(r.orgId, r.orgName || r.orgId);
  for (const t of tasks) if (t.orgId && !seen.has(t.orgId)) seen.set(t.orgId, t.orgName || t.orgId);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

/** Only http(s) addresses become links (never `javascript:` or `data:`). */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return null;
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A step of the instance as the task page lists it. */
export interface StepLine {
  at: string;
  type: string;
  name: string;
  userName: string | null;
}

/**
 * "What happened so far", oldest first: the server's newest-first history without the noise
 * (a completed user task appears once, named; unnamed elements such as gateways are left out).
 */
export function historyLines(
  history: readonly { at: string; type: string; elementId?: string | null; elementName?: string | null; userName?: string | null }[] | null | undefined,
): StepLine[] {
  const list = [...(history ?? [])].reverse();
  const names = new Map<string, string>();
  const completedTasks = new Set<string>();
  for (const h of list) {
    if (h.elementId && h.elementName) names.set(h.elementId, h.elementName);
    if (h.type === 'taskCompleted' && h.elementId) completedTasks.add(h.elementId);
  }
  const out: StepLine[] = [];
  for (const h of list) {
    if (h.type === 'elementCompleted' && (!h.elementName || (h.elementId && completedTasks.has(h.elementId)))) continue;
    const name = (h.elementId && names.get(h.elementId)) || h.elementName || h.elementId || '';
    out.push({ at: h.at, type: h.type, name, userName: h.userName ?? null });
  }
  return out;
}

/**
 * Role keys → their names: from the user's memberships (`roleName`), else from the tenant's declared
 * roles (`declared`: roles the user does not hold), else the key.
 */
export function roleNames(
  keys: readonly string[] | null | undefined,
  roles: readonly { role: string; roleName?: string | null }[] | null | undefined,
  declared: ReadonlyMap<string, string> = new Map(),
): string[] {
  const byKey = new Map((roles ?? []).filter((r) => r.roleName).map((r) => [r.role, r.roleName as string]));
  return (keys ?? []).map((k) => byKey.get(k) ?? declared.get(k) ?? k);
}

/** The quick filters of the inbox, each a combination of scope and due date. */
export const QUICK_FILTERS = {
  all: { scope: 'all', due: '' },
  mine: { scope: 'assigned', due: '' },
  roles: { scope: 'candidate', due: '' },
  overdue: { scope: 'all', due: 'overdue' },
  week: { scope: 'all', due: 'week' },
} as const satisfies Record<string, Pick<TaskQuery, 'scope' | 'due'>>;

/** A quick filter's name. */
export type QuickFilter = keyof typeof QUICK_FILTERS;

/** Which quick filter the query is (null when its scope and due date match none). */
export function activeQuickFilter(q: Pick<TaskQuery, 'scope' | 'due'>): QuickFilter | null {
  for (const [name, f] of Object.entries(QUICK_FILTERS)) if (f.scope === q.scope && f.due === q.due) return name as QuickFilter;
  return null;
}

/** The start of next Monday in local time: "due this week" means due before it (and not yet overdue). */
export function endOfWeek(now: Date = new Date()): Date {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const daysToMonday = ((8 - d.getDay()) % 7) || 7;
  d.setDate(d.getDate() + daysToMonday);
  return d;
}
