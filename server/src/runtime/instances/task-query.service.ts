import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { ReadPoolService } from '../../database/read-pool.service.js';
import { ClockService } from '../../time/clock.service.js';
import { FormStore } from '../forms/form.store.js';
import { loadReferenceLists, optionsByKey, valuesKeysOf } from '../forms/reference-lists.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { normaliseSearch, subjectJson } from './subject.store.js';
import { TaskAccessService } from './task-access.service.js';
import type { ListTasksQuery } from './task.dto.js';
import { rolePairColumns } from '../../identity/role-pair.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { taskScope } from './task-scope.js';

const SUBJECT = subjectJson('t.subject_id', 't.subject_org_id', 's');

const TASK_COLUMNS = `t.id, t.name, t.element_id AS "elementId", t.instance_id AS "processInstanceId", t.process_key AS "processKey",
  t.assignee, t.candidate_roles AS "candidateRoles", t.candidate_users AS "candidateUsers", t.org_id AS "orgId", t.due_at AS "dueAt",
  t.follow_up_at AS "followUpAt", t.created_at AS "createdAt", t.form_id AS "formId", t.claimed_at AS "claimedAt", ${SUBJECT.select} AS subject`;

/**
 * The inbox and one task, as queries: a role holder's tasks (offered to their (role, organisation)
 * pairs, to them as a candidate user, or assigned to them) and a task with its form and context. A
 * task of another tenant, or one the caller is no candidate of, is 404. What changes a task
 * (claim, unclaim, reassign, complete) is a command (`runtime/commands/`).
 */
@Injectable()
export class TaskQueryService {
  constructor(
    @Inject(FormStore) private readonly formStore: FormStore,
    private readonly ds: DataSource,
    @Inject(TaskAccessService) private readonly access: TaskAccessService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(ReadPoolService) private readonly reads: ReadPoolService,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
  ) {}

  /**
   * The inbox page. The rows come from three disjoint index-driven branches, never from a scan
   * of `user_task`: assigned to the caller (`user_task_assignee_idx`); offered to one of the
   * caller's (role, organisation) pairs and unclaimed (or, for `candidate`, the caller's) — an
   * index-only scan of `task_candidate_inbox_idx`, whose rows carry the assignee, due date,
   * creation time and process key; offered to the caller by name (the GIN index on
   * `candidate_users`). Filters are added to the SQL only when given. The page and its exact total
   * come from one statement; `user_task` and the names are joined for the page's rows only.
   */
  async list(user: AuthUser, q: ListTasksQuery) {
    if (user.isSuperadmin) return { items: [], total: 0 };
    const { roles, orgs } = rolePairColumns(this.scope.rolePairs(user));
    const scope = q.scope ?? 'all';
    const now = this.clock.now(user.tenantId);
    const params: unknown[] = [user.tenantId, user.id];
    const p = (v: unknown) => `$${params.push(v)}`;
    // Every parameter must be referenced, so the pairs are bound only when a branch uses them.
    const pairs = scope !== 'assigned' && roles.length ? `unnest(${p(roles)}::text[], ${p(orgs)}::uuid[]) AS p(role, org_id)` : '';
    const processKey = q.processKey ? p(q.processKey) : '';
    const instanceId = q.processInstanceId ? p(q.processInstanceId) : '';
    // `overdue` is a boolean string: true/false or 1/0 (what @IsBooleanString lets through).
    const overdue = q.overdue === undefined ? undefined : q.overdue === 'true' || q.overdue === '1';
    const nowP = overdue === undefined ? '' : p(now);
    const dueBefore = q.dueBefore ? p(new Date(q.dueBefore)) : '';
    const orgPath = q.orgId ? `(SELECT so.path FROM organization so WHERE so.id = ${p(q.orgId)} AND so.tenant_id = $1) || '%'` : '';
    // `q`: words of the task name, process name or subject's name, matched in `search_text` (trigram index).
    const words = normaliseSearch(q.q ?? '').split(/\s+/).filter((w) => w).slice(0, 8);
    const search = words.map((w) => p(`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    /**
     * The filters given, on a branch whose rows `a` have due_at and process_key; conditions on
     * other task columns (written on `x.`) go through `taskOf`: on `user_task t` itself, or an
     * EXISTS on the task of a `task_candidate c` row.
     */
    const filters = (a: string, taskOf: (cond: string) => string): string[] => [
      ...(processKey ? [`${a}.process_key = ${processKey}`] : []),
      ...(overdue === true ? [`${a}.due_at < ${nowP}`] : overdue === false ? [`(${a}.due_at IS NULL OR ${a}.due_at >= ${nowP})`] : []),
      ...(dueBefore ? [`${a}.due_at < ${dueBefore}`] : []),
      ...(instanceId ? [taskOf(`x.instance_id = ${instanceId}`)] : []),
      ...(orgPath ? [taskOf(`EXISTS (SELECT 1 FROM organization fo WHERE fo.id = x.org_id AND fo.path LIKE ${orgPath})`)] : []),
      ...(search.length ? [taskOf(search.map((w) => `x.search_text LIKE ${w}`).join(' AND '))] : []),
    ];
    const onTask = (cond: string) => cond.replace(/\bx\./g, 't.');
    const viaTask = (cond: string) => `EXISTS (SELECT 1 FROM user_task x WHERE x.id = c.task_id AND ${cond})`;
    const and = (conds: string[]) => conds.join(' AND ');
    // `all`: my tasks, plus unclaimed offered ones; `candidate`: offered ones that are unclaimed or mine.
    const free = (a: string) => (scope === 'candidate' ? `(${a}.assignee IS NULL OR ${a}.assignee = $2)` : `${a}.assignee IS NULL`);
    const offeredToPair = (a: string) => `SELECT 1 FROM task_candidate c JOIN ${pairs} ON c.role = p.role AND c.org_id = p.org_id WHERE c.task_id = ${a}.id`;
    const branches: string[] = [];
    if (scope !== 'candidate') {
      branches.push(`SELECT t.id AS task_id, t.due_at, t.created_at FROM user_task t
        WHERE ${and(['t.assignee = $2', 't.tenant_id = $1', ...filters('t', onTask)])}`);
    }
    if (pairs) {
      // A task offered to two of the caller's pairs appears once.
      branches.push(`SELECT ${roles.length > 1 ? 'DISTINCT ' : ''}c.task_id, c.due_at, c.created_at
        FROM task_candidate c JOIN ${pairs} ON c.role = p.role AND c.org_id = p.org_id
        WHERE ${and([free('c'), ...filters('c', viaTask)])}`);
    }
    if (scope !== 'assigned') {
      branches.push(`SELECT t.id AS task_id, t.due_at, t.created_at FROM user_task t
        WHERE ${and(['t.candidate_users @> ARRAY[$2::uuid]', 't.tenant_id = $1', free('t'), ...filters('t', onTask),
          ...(pairs ? [`NOT EXISTS (${offeredToPair('t')})`] : [])])}`);
    }
    const sort = q.sort ?? 'dueAt';
    const col = sort.replace('-', '') === 'dueAt' ? 'due_at' : 'created_at';
    const order = `ORDER BY k.${col} ${sort.startsWith('-') ? 'DESC' : 'ASC'} NULLS LAST, k.created_at, k.task_id`;
    const size = q.size ?? 20;
    const offered = `WITH k AS (${branches.join(' UNION ALL ')})`;
    const limit = p(size);
    const offset = p(((q.page ?? 1) - 1) * size);
    const rows = await this.reads.query(
      `${offered}, page AS (SELECT k.task_id, k.due_at, k.created_at, count(*) OVER () AS total_count FROM k ${order}
         LIMIT ${limit} OFFSET ${offset})
       SELECT ${TASK_COLUMNS}, pd.name AS "processName", o.name AS "orgName", k.total_count::int AS "totalCount"
       FROM page k JOIN user_task t ON t.id = k.task_id AND t.tenant_id = $1 JOIN process_definition pd ON pd.id = t.definition_id
         LEFT JOIN organization o ON o.id = t.org_id ${SUBJECT.joins} ${order}`,
      params,
    );
    let total = rows.length ? (rows[0].totalCount as number) : 0;
    if (!rows.length && (q.page ?? 1) > 1) {
      // Past the last page: the total alone (LIMIT and OFFSET were the last two parameters).
      [{ total }] = await this.reads.query<{ total: number }>(`${offered} SELECT count(*)::int AS total FROM k`, params.slice(0, -2));
    }
    const items = rows.map(({ totalCount: _, ...item }) => ({ ...item, overdue: item.dueAt !== null && (item.dueAt as Date) < now }));
    return { items, total };
  }

  /**
   * One task with its form (the version deployed with its process), the instance, recent history and
   * reference lists. Its form sees the variables visible from where the task waits (a multi-instance
   * item's `inputElement` included), and `loopItems` says which item of which collection it is for.
   */
  async get(user: AuthUser, taskId: string) {
    const t = await this.access.access(user, taskId);
    const [task] = await this.ds.query(
      `SELECT ${TASK_COLUMNS}, t.input AS "inputVariables", t.execution_id AS "executionId", pd.name AS "processName", pd.version AS "processVersion", o.name AS "orgName"
       FROM user_task t JOIN process_definition pd ON pd.id = t.definition_id LEFT JOIN organization o ON o.id = t.org_id ${SUBJECT.joins}
       WHERE t.id = $1`,
      [taskId],
    );
    const form = t.form_id ? await this.formStore.formForDefinition(t.tenant_id, t.form_id, t.definition_id) : null;
    const [{ engineState, ...inst } = {} as Record<string, unknown>] = await this.ds.query(
      `SELECT pi.id, pi.business_key AS "businessKey", pi.variables, pi.started_at AS "startedAt", u.full_name AS "startedByName",
         pi.engine_state AS "engineState"
       FROM process_instance pi LEFT JOIN app_user u ON u.id = pi.started_by WHERE pi.id = $1`,
      [t.instance_id],
    );
    const history = await this.ds.query(
      `SELECT h.at, h.type, h.element_id AS "elementId", h.element_name AS "elementName", u.full_name AS "userName"
       FROM history_event h LEFT JOIN app_user u ON u.id = h.user_id
       WHERE h.instance_id = $1 AND h.type IN ('taskCompleted', 'elementCompleted', 'instanceStarted') ORDER BY h.id DESC LIMIT 50`,
      [t.instance_id],
    );
    // The tenant's reference lists; a form component with `valuesKey` = a list key gets its items as options.
    const referenceLists = await loadReferenceLists(this.ds, t.tenant_id);
    const listOptions = optionsByKey(referenceLists);
    const options = Object.fromEntries(valuesKeysOf(form).filter((k) => listOptions[k]).map((k) => [k, listOptions[k]]));
    const { executionId, ...shown } = task;
    const model = (await this.definitions.get(this.ds.manager, t.definition_id)).model;
    const scope = taskScope(engineState as never, executionId, model.elements);
    return {
      ...shown,
      processVersion: Number(task.processVersion),
      overdue: !!task.dueAt && new Date(task.dueAt) < this.clock.now(t.tenant_id),
      form,
      loopItems: scope.items,
      context: { instance: inst, variables: { ...(inst.variables ?? {}), ...scope.variables, ...(task.inputVariables ?? {}), ...options }, history, referenceLists },
    };
  }
}
