import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { isUuid } from '../../common/ids.js';
import { ReadPoolService } from '../../database/read-pool.service.js';
import { ClockService } from '../../jobs/clock.service.js';
import { loadReferenceLists, optionsByKey, valuesKeysOf } from '../forms/reference-lists.js';
import { formErrorBody, validateSubmission } from '../forms/form-validator.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from './engine.service.js';
import { RuntimeEventsService } from './runtime-events.service.js';
import { normaliseSearch, subjectJson } from './subject.store.js';
import type { ListTasksQuery, ReassignTaskDto } from './task.dto.js';
import { rolePairColumns } from '../../identity/role-pair.js';

const SUBJECT = subjectJson('t.subject_id', 't.subject_org_id', 's');

const TASK_COLUMNS = `t.id, t.name, t.element_id AS "elementId", t.instance_id AS "processInstanceId", t.process_key AS "processKey",
  t.assignee, t.candidate_roles AS "candidateRoles", t.candidate_users AS "candidateUsers", t.org_id AS "orgId", t.due_at AS "dueAt",
  t.follow_up_at AS "followUpAt", t.created_at AS "createdAt", t.form_id AS "formId", t.claimed_at AS "claimedAt", ${SUBJECT.select} AS subject`;

/** A task row as the access checks need it. */
interface TaskAccessRow {
  id: string;
  tenant_id: string;
  instance_id: string;
  assignee: string | null;
  candidate_users: string[];
  form_id: string | null;
  definition_id: string;
  is_candidate: boolean;
}

/**
 * The inbox: a role holder's tasks (offered to their (role, organisation) pairs, to them as a
 * candidate user, or assigned to them), claim/unclaim, and completion through the form, which is
 * validated again here. A task of another tenant, or one the caller is no candidate of, is 404.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly ds: DataSource,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(ReadPoolService) private readonly reads: ReadPoolService,
    @Inject(RuntimeEventsService) private readonly events: RuntimeEventsService,
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

  /** The task if the caller is its assignee or a candidate; 404 otherwise (409 when it has ended and its instance is visible). */
  async access(user: AuthUser, taskId: string, tx: EntityManager = this.ds.manager): Promise<TaskAccessRow> {
    if (!isUuid(taskId) || user.isSuperadmin) throw new NotFoundException(msg('task.notFound', { id: taskId }));
    const { roles, orgs } = rolePairColumns(this.scope.rolePairs(user));
    const [row] = await tx.query(
      `SELECT t.id, t.tenant_id, t.instance_id, t.assignee, t.candidate_users, t.form_id, t.definition_id,
         (EXISTS (SELECT 1 FROM task_candidate c WHERE c.task_id = t.id AND (c.role, c.org_id) IN (SELECT * FROM unnest($3::text[], $4::uuid[])))
          OR $2 = ANY(t.candidate_users)) AS is_candidate
       FROM user_task t WHERE t.id = $1 AND t.tenant_id = $5`,
      [taskId, user.id, roles, orgs, user.tenantId],
    );
    if (!row) {
      const [past] = await tx.query(
        `SELECT instance_id FROM history_event WHERE type = 'taskCreated' AND data->>'taskId' = $1 AND tenant_id = $2 LIMIT 1`,
        [taskId, user.tenantId],
      );
      // "no longer open" only to those who may see its instance; to anyone else it never existed
      if (past && (await this.scope.isInstanceVisible(user, past.instance_id))) {
        throw new ConflictException(msg('task.noLongerOpen', { id: taskId }));
      }
    }
    if (!row || (row.assignee !== user.id && !row.is_candidate)) throw new NotFoundException(msg('task.notFound', { id: taskId }));
    return row;
  }

  async get(user: AuthUser, taskId: string) {
    const t = await this.access(user, taskId);
    const [task] = await this.ds.query(
      `SELECT ${TASK_COLUMNS}, t.input AS "inputVariables", pd.name AS "processName", pd.version AS "processVersion", o.name AS "orgName"
       FROM user_task t JOIN process_definition pd ON pd.id = t.definition_id LEFT JOIN organization o ON o.id = t.org_id ${SUBJECT.joins}
       WHERE t.id = $1`,
      [taskId],
    );
    const form = t.form_id ? await this.formFor(t.tenant_id, t.form_id, t.definition_id) : null;
    const [inst] = await this.ds.query(
      `SELECT pi.id, pi.business_key AS "businessKey", pi.variables, pi.started_at AS "startedAt", u.full_name AS "startedByName"
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
    return {
      ...task,
      processVersion: Number(task.processVersion),
      overdue: !!task.dueAt && new Date(task.dueAt) < this.clock.now(t.tenant_id),
      form,
      context: { instance: inst, variables: { ...(inst?.variables ?? {}), ...(task.inputVariables ?? {}), ...options }, history, referenceLists },
    };
  }

  /** The form version deployed with (or before) the task's process definition; else the latest. */
  async formFor(tenantId: string, formId: string, definitionId: string): Promise<object | null> {
    const [row] = await this.ds.query(
      `SELECT f.schema FROM form_definition f, process_definition p
       WHERE p.id = $3 AND f.tenant_id = $1 AND f.form_id = $2
       ORDER BY (f.created_at <= p.created_at) DESC, CASE WHEN f.created_at <= p.created_at THEN f.version ELSE -f.version END DESC LIMIT 1`,
      [tenantId, formId, definitionId],
    );
    return row?.schema ?? null;
  }

  async claim(user: AuthUser, taskId: string) {
    await this.ds.transaction(async (tx) => {
      const t = await this.access(user, taskId, tx);
      const [row] = await tx.query(`SELECT assignee FROM user_task WHERE id = $1 FOR UPDATE`, [taskId]);
      if (!row) throw new ConflictException(msg('task.noLongerOpenShort', { id: taskId }));
      if (row.assignee && row.assignee !== user.id) throw new ConflictException(msg('task.alreadyClaimed'));
      if (row.assignee === user.id) return;
      await this.setAssignee(tx, t, user.id, 'taskClaimed');
    });
    return this.get(user, taskId);
  }

  async unclaim(user: AuthUser, taskId: string) {
    await this.ds.transaction(async (tx) => {
      const t = await this.access(user, taskId, tx);
      const [row] = await tx.query(`SELECT assignee FROM user_task WHERE id = $1 FOR UPDATE`, [taskId]);
      if (!row) throw new ConflictException(msg('task.noLongerOpenShort', { id: taskId }));
      if (row.assignee !== user.id) throw new ForbiddenException(msg('task.onlyAssigneeUnclaims'));
      await this.setAssignee(tx, t, null, 'taskUnclaimed', user.id);
    });
    return this.get(user, taskId);
  }

  /**
   * Sets (or clears) the task's assignee on `user_task` and on its inbox rows in `task_candidate`,
   * and records it in the history: one statement.
   */
  private async setAssignee(tx: EntityManager, t: TaskAccessRow, assignee: string | null, type: 'taskClaimed' | 'taskUnclaimed', actor = assignee) {
    const now = await this.clock.read(t.tenant_id, tx, this.clock.hasOwnClock(t.tenant_id));
    await tx.query(
      `WITH task AS (UPDATE user_task SET assignee = $2, claimed_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE $3::timestamptz END WHERE id = $1),
         offered AS (UPDATE task_candidate SET assignee = $2 WHERE task_id = $1)
       INSERT INTO history_event (tenant_id, instance_id, at, type, user_id, data) VALUES ($4, $5, $3, $6, $7, $8)`,
      [t.id, assignee, now, t.tenant_id, t.instance_id, type, actor, { taskId: t.id }],
    );
  }

  /**
   * Gives an open task to another user (`POST /api/tasks/:id/assignee`): an administrator of the
   * task's organisation or an ancestor, or a supervisor there, may — also when the assignee no
   * longer exists or is deactivated. The new assignee must be an active user of the task's tenant
   * (400 naming why). The history records who gave it, from whom, to whom and why; the new
   * assignee is told. Those who may see the instance but not reassign get 403, anyone else 404.
   */
  async reassign(user: AuthUser, taskId: string, dto: ReassignTaskDto) {
    const notFound = () => new NotFoundException(`task ${taskId} not found`);
    if (!isUuid(taskId)) throw notFound();
    const [task] = await this.ds.query(
      `SELECT t.id, t.tenant_id, t.instance_id, o.path AS org_path FROM user_task t LEFT JOIN organization o ON o.id = t.org_id WHERE t.id = $1`,
      [taskId],
    );
    if (!task || (!user.isSuperadmin && task.tenant_id !== user.tenantId)) {
      if (!user.isSuperadmin) await this.access(user, taskId); // 409 "no longer open" to those who may see its instance
      throw notFound();
    }
    const may = user.isSuperadmin || (!!task.org_path && user.memberships.some(
      (m) => (m.role === 'admin' || m.role === 'supervisor') && String(task.org_path).startsWith(m.orgPath)));
    if (!may) {
      if (await this.scope.isInstanceVisible(user, task.instance_id)) {
        throw new ForbiddenException('передать задачу другому исполнителю может администратор или руководитель (supervisor) её организации или вышестоящей');
      }
      throw notFound();
    }
    const [to] = isUuid(dto.userId)
      ? await this.ds.query(`SELECT id, tenant_id, is_active, is_superadmin, full_name FROM app_user WHERE id = $1`, [dto.userId])
      : [];
    if (!to || to.is_superadmin || to.tenant_id !== task.tenant_id) {
      throw new BadRequestException({ message: `userId: пользователь ${dto.userId} не найден среди пользователей региона задачи`, fields: { userId: ['не пользователь региона задачи'] } });
    }
    if (!to.is_active) {
      throw new BadRequestException({ message: `userId: пользователь «${to.full_name}» деактивирован — передать ему задачу нельзя`, fields: { userId: ['пользователь деактивирован'] } });
    }
    const now = this.clock.now(task.tenant_id);
    const from = await this.ds.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT t.assignee, t.process_key, t.element_id, t.name, t.due_at, t.subject_id, su.full_name AS subject_name, t.subject_org_id,
           so.name AS subject_org_name
         FROM user_task t LEFT JOIN app_user su ON su.id = t.subject_id LEFT JOIN organization so ON so.id = t.subject_org_id
         WHERE t.id = $1 FOR UPDATE OF t`,
        [taskId],
      );
      if (!row) throw new ConflictException(`task ${taskId} is no longer open (completed or cancelled)`);
      await tx.query(
        `WITH task AS (UPDATE user_task SET assignee = $2, claimed_at = $3 WHERE id = $1),
           offered AS (UPDATE task_candidate SET assignee = $2 WHERE task_id = $1)
         INSERT INTO history_event (tenant_id, instance_id, at, type, element_id, user_id, data) VALUES ($4, $5, $3, 'taskReassigned', $6, $7, $8)`,
        [taskId, to.id, now, task.tenant_id, task.instance_id, row.element_id, user.id,
          { taskId, from: row.assignee, to: to.id, comment: dto.comment ?? null }],
      );
      const deferred: { sql: string; params: unknown[] }[] = [];
      await this.events.emit(tx, {
        type: 'taskAssigned', tenantId: task.tenant_id, taskId, instanceId: task.instance_id, processKey: row.process_key,
        elementId: row.element_id, name: row.name, assignee: to.id, from: row.assignee, by: user.id, comment: dto.comment ?? null,
        dueAt: row.due_at, at: now,
        subjectPerson: row.subject_id ? { id: row.subject_id, fullName: row.subject_name, orgId: row.subject_org_id, orgName: row.subject_org_name } : null,
      }, (sql, params) => deferred.push({ sql, params }));
      // Listeners' statements run here one by one. A notification's id is derived from (user, task, kind,
      // time): giving the same task to the same person twice at one engine instant tells them once.
      for (const d of deferred) await tx.query(/^\s*INSERT INTO notification\b/.test(d.sql) ? `${d.sql} ON CONFLICT DO NOTHING` : d.sql, d.params);
      return row.assignee as string | null;
    });
    return { id: taskId, assignee: to.id as string, assigneeName: to.full_name as string, from, comment: dto.comment ?? null };
  }

  /**
   * Completes a task with variables: the caller must be its assignee, or a candidate while it is
   * unclaimed; the form is validated first (400 naming the fields); the instance is locked, so of
   * two completions at once exactly one succeeds and the other gets 409.
   */
  async complete(user: AuthUser, taskId: string, variables: unknown) {
    if (variables !== undefined && (variables === null || typeof variables !== 'object' || Array.isArray(variables))) {
      throw new BadRequestException({ message: msg('task.variablesNotObject'), fields: { variables: [msg('task.mustBeObject')] } });
    }
    const vars = (variables ?? {}) as JsonObject;
    const t = await this.access(user, taskId);
    if (t.assignee && t.assignee !== user.id) throw new ConflictException(msg('task.claimedByOther'));
    if (t.form_id) {
      const schema = await this.formFor(t.tenant_id, t.form_id, t.definition_id);
      if (schema) {
        const options = valuesKeysOf(schema).length ? optionsByKey(await loadReferenceLists(this.ds, t.tenant_id)) : {};
        // the form's conditions and FEEL limits see what the form was opened with
        const [opened] = await this.ds.query(`SELECT input FROM user_task WHERE id = $1`, [t.id]);
        const fields = validateSubmission(schema as never, vars, options, (opened?.input ?? {}) as JsonObject);
        if (Object.keys(fields).length) {
          throw new BadRequestException(formErrorBody(fields));
        }
      }
    }
    await this.engine.run(t.tenant_id, user.id, async (uow) => {
      // Under the instance lock: is the task still open, and still not someone else's?
      const { task } = await uow.lock(t.instance_id, taskId);
      if (!task?.open) throw new ConflictException(msg('task.noLongerOpen', { id: taskId }));
      if (task.assignee && task.assignee !== user.id) throw new ConflictException(msg('task.claimedByOther'));
      await uow.execute(t.instance_id, { type: 'completeUserTask', taskId, variables: vars });
    });
    return { id: taskId, completed: true };
  }
}
