import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../../database/queryable.js';
import type { RolePair } from '../../identity/role-pair.js';
import { rolePairColumns } from '../../identity/role-pair.js';

/** A task row as the access checks need it. */
export interface TaskAccessRow {
  id: string;
  tenant_id: string;
  instance_id: string;
  assignee: string | null;
  candidate_users: string[];
  form_id: string | null;
  definition_id: string;
  /** The caller is a candidate: one of their (role, organisation) pairs, or named among the candidate users. */
  is_candidate: boolean;
  /** What the task's form was opened with (tasks with a form; null otherwise): read here so a completion costs no second read. */
  input: Record<string, unknown> | null;
}

/**
 * SQL condition: the user `user` is a candidate of the open task `t` — one of their (role,
 * organisation) pairs (`roles`, `orgs`: parallel array parameters) has a `task_candidate` row of
 * it, or they are named in its `candidate_users`. The one place "who is a candidate of a task" is
 * written (the inbox's index-driven branches spell the same rule per index).
 */
export function isCandidateSql(t: string, user: string, roles: string, orgs: string, c = 'c'): string {
  return `(EXISTS (SELECT 1 FROM task_candidate ${c} WHERE ${c}.task_id = ${t}.id AND (${c}.role, ${c}.org_id) IN (SELECT * FROM unnest(${roles}::text[], ${orgs}::uuid[])))
          OR ${user} = ANY(${t}.candidate_users))`;
}

/**
 * The columns of a {@link TaskAccessRow} over the task alias `t`, for `userId` holding `pairs`; its
 * parameters are numbered from `$from`. Read alone ({@link TaskStore.accessRow}) or with the lock of
 * the task's instance (`lockRootOfTask`, a completion's one round trip).
 */
export function accessColumns(userId: string, pairs: readonly RolePair[], from: number): { sql: string; params: unknown[] } {
  const { roles, orgs } = rolePairColumns(pairs);
  return {
    sql: `t.id, t.tenant_id, t.instance_id, t.assignee, t.candidate_users, t.form_id, t.definition_id,
      ${isCandidateSql('t', `$${from}::uuid`, `$${from + 1}`, `$${from + 2}`)} AS is_candidate, CASE WHEN t.form_id IS NOT NULL THEN t.input END AS input`,
    params: [userId, roles, orgs],
  };
}

/**
 * SQL of the open tasks (`user_task`, `task_candidate`) for commands and access checks. The inbox
 * page itself is a query (`task-query.service.ts`).
 */
@Injectable()
export class TaskStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * The open task of the tenant with whether `userId` (holding `pairs`) is a candidate of it —
   * the one place that rule is written: a `task_candidate` row of one of the pairs, or the user
   * named in `candidate_users`.
   */
  async accessRow(taskId: string, tenantId: string | null, userId: string, pairs: readonly RolePair[], q: Queryable = this.ds): Promise<TaskAccessRow | undefined> {
    const access = accessColumns(userId, pairs, 3);
    const [row] = await q.query(`SELECT ${access.sql} FROM user_task t WHERE t.id = $1 AND t.tenant_id = $2`, [taskId, tenantId, ...access.params]);
    return row;
  }

  /** The instance of a task that existed once (its `taskCreated` history row), open or not. */
  async instanceOfPastTask(taskId: string, tenantId: string | null, q: Queryable = this.ds): Promise<string | undefined> {
    const [past] = await q.query(
      `SELECT instance_id FROM history_event WHERE type = 'taskCreated' AND data->>'taskId' = $1 AND tenant_id = $2 LIMIT 1`,
      [taskId, tenantId],
    );
    return past?.instance_id;
  }

  /** Locks the open task's row; its assignee, or undefined when the task is no longer open. */
  async lockAssignee(taskId: string, q: Queryable = this.ds): Promise<{ assignee: string | null } | undefined> {
    const [row] = await q.query(`SELECT assignee FROM user_task WHERE id = $1 FOR UPDATE`, [taskId]);
    return row;
  }

  /**
   * Sets (or clears) the task's assignee on `user_task` and on its inbox rows in `task_candidate`,
   * and records it in the history (`taskClaimed`, `taskUnclaimed`, `taskReassigned`): one statement.
   */
  async setAssignee(a: {
    taskId: string; tenantId: string; instanceId: string; assignee: string | null; at: Date; type: string;
    elementId?: string | null; actor: string | null; data: Record<string, unknown>;
  }, q: Queryable = this.ds): Promise<void> {
    await q.query(
      `WITH task AS (UPDATE user_task SET assignee = $2, claimed_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE $3::timestamptz END WHERE id = $1),
         offered AS (UPDATE task_candidate SET assignee = $2 WHERE task_id = $1)
       INSERT INTO history_event (tenant_id, instance_id, at, type, element_id, user_id, data) VALUES ($4, $5, $3, $6, $7, $8, $9)`,
      [a.taskId, a.assignee, a.at, a.tenantId, a.instanceId, a.type, a.elementId ?? null, a.actor, a.data],
    );
  }

  /** The open task with the path of its organisation (who may reassign it); undefined when there is none. */
  async withOrgPath(taskId: string, q: Queryable = this.ds): Promise<{ id: string; tenant_id: string; instance_id: string; org_path: string | null } | undefined> {
    const [task] = await q.query(
      `SELECT t.id, t.tenant_id, t.instance_id, o.path AS org_path FROM user_task t LEFT JOIN organization o ON o.id = t.org_id WHERE t.id = $1`,
      [taskId],
    );
    return task;
  }

  /**
   * Active users of a tenant with a role at or below one of `paths`, whose name holds every word of
   * `words` (ё = е), by name, at most 50: whom a task may be given to. Each with where they hold a role.
   */
  async reassignCandidates(tenantId: string, paths: string[], words: string[], q: Queryable = this.ds): Promise<{ id: string; fullName: string; orgName: string }[]> {
    return q.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (u.id) u.id, u.full_name AS "fullName", o.name AS "orgName"
         FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organization o ON o.id = m.org_id
         WHERE u.tenant_id = $1 AND u.is_active AND NOT u.is_superadmin AND o.path LIKE ANY (SELECT p || '%' FROM unnest($2::text[]) p)
           AND (SELECT bool_and(replace(lower(u.full_name), 'ё', 'е') LIKE '%' || replace(w, 'ё', 'е') || '%') FROM unnest($3::text[]) w) IS NOT FALSE
         ORDER BY u.id, o.path) x
       ORDER BY lower("fullName"), id LIMIT 50`,
      [tenantId, paths, words],
    );
  }

  /** Locks the open task's row and reads what a reassignment tells: assignee, element, due date, subject. */
  async lockForReassign(taskId: string, q: Queryable = this.ds): Promise<{
    assignee: string | null; process_key: string; process_name: string; element_id: string; name: string | null; due_at: Date | null;
    subject_id: string | null; subject_name: string | null; subject_org_id: string | null; subject_org_name: string | null;
  } | undefined> {
    const [row] = await q.query(
      `SELECT t.assignee, t.process_key, COALESCE(pd.name, t.process_key) AS process_name, t.element_id, t.name, t.due_at,
         t.subject_id, su.full_name AS subject_name, t.subject_org_id, so.name AS subject_org_name
       FROM user_task t JOIN process_definition pd ON pd.id = t.definition_id
         LEFT JOIN app_user su ON su.id = t.subject_id LEFT JOIN organization so ON so.id = t.subject_org_id
       WHERE t.id = $1 FOR UPDATE OF t`,
      [taskId],
    );
    return row;
  }
}
