/** Inbox filters ⇄ route query, so a reload or a shared link keeps them. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { TaskQuery, TaskScope } from './tasks-api';

export const PAGE_SIZE = 20;
const SCOPES: TaskScope[] = ['assigned', 'candidate', 'all'];

function one(v: LocationQuery[string]): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s ?? undefined;
}

/** Reads the filters from the route query; unknown or broken values fall back to defaults. */
export function queryFromRoute(query: LocationQuery): TaskQuery {
  const scope = one(query.scope) as TaskScope | undefined;
  const page = Number.parseInt(one(query.page) ?? '', 10);
  return {
    scope: scope && SCOPES.includes(scope) ? scope : 'assigned',
    processKey: one(query.process) ?? '',
    overdue: one(query.overdue) === 'true' || one(query.overdue) === '1',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    size: PAGE_SIZE,
  };
}

/** Writes the filters into a route query, leaving defaults out. */
export function routeFromQuery(q: TaskQuery): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  if (q.scope !== 'assigned') out.scope = q.scope;
  if (q.processKey) out.process = q.processKey;
  if (q.overdue) out.overdue = 'true';
  if (q.page > 1) out.page = String(q.page);
  return out;
}

/** Which of claim / unclaim the current user may try on a task. */
export function taskActions(task: { assignee: string | null }, me: { id: string; username: string } | null) {
  const mine = !!me && !!task.assignee && (task.assignee === me.username || task.assignee === me.id);
  return { canClaim: !task.assignee, canUnclaim: mine, mine };
}
