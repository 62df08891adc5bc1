import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InstanceState } from '../../engine/execution/state.types.js';
import type { Queryable } from '../../database/queryable.js';

/** SQL of `process_instance` read by commands, queries and the unit of work. */
@Injectable()
export class InstanceStore {
  constructor(private readonly ds: DataSource) {}

  /** Who started the instance. */
  async startedBy(instanceId: string, q: Queryable = this.ds): Promise<string | null> {
    const [row] = await q.query(`SELECT started_by FROM process_instance WHERE id = $1`, [instanceId]);
    return row?.started_by ?? null;
  }

  /** The named variables of an instance (those it has). */
  async variablesNamed(instanceId: string, names: string[], q: Queryable = this.ds): Promise<Record<string, unknown>> {
    const [row] = await q.query(
      `SELECT COALESCE(jsonb_object_agg(k, variables -> k) FILTER (WHERE variables ? k), '{}'::jsonb) AS picked
       FROM process_instance, unnest($2::text[]) k WHERE id = $1 GROUP BY id`,
      [instanceId, names],
    );
    return (row?.picked ?? {}) as Record<string, unknown>;
  }

  /** The instance's process key and name and the path of its organisation. */
  async processAndOrg(instanceId: string, q: Queryable = this.ds): Promise<{ process_key: string; name: string | null; path: string | null }> {
    const [inst] = await q.query(
      `SELECT pi.process_key, pd.name, o.path FROM process_instance pi JOIN process_definition pd ON pd.id = pi.definition_id
       LEFT JOIN organization o ON o.id = pi.org_id WHERE pi.id = $1`,
      [instanceId],
    );
    return inst;
  }
}

/** An instance row as the unit of work loads it (locked), with its subject's names and, when asked, one task's state. */
export interface LockedInstanceRow {
  id: string;
  tenant_id: string;
  definition_id: string;
  org_id: string | null;
  root_instance_id: string;
  parent_instance_id: string | null;
  state: string;
  engine_state: InstanceState | null;
  started_by: string | null;
  subject_id: string | null;
  subject_org_id: string | null;
  subject_name: string | null;
  subject_org_name: string | null;
  task_open?: boolean;
  task_assignee?: string | null;
}

/** Columns reading whether task `taskId` (a checked UUID) is open and who has it, or nothing. */
function taskColumns(taskId: string | undefined): string {
  return taskId ? `, (SELECT assignee FROM user_task WHERE id = '${taskId}') AS task_assignee, EXISTS (SELECT 1 FROM user_task WHERE id = '${taskId}') AS task_open` : '';
}

/** Whether task `taskId` (a checked UUID) is open and who has it, read after an instance lock already held. */
export async function taskState(q: Queryable, taskId: string): Promise<{ task_open?: boolean; task_assignee?: string | null }> {
  const [r] = await q.query(`SELECT 1 ${taskColumns(taskId)}`);
  return r;
}

/**
 * Locks and loads an instance of the tenant (undefined when there is none). Most instances are
 * roots: one query locks and loads them. A child is locked after its root (unless `rootHeld`), so
 * every command on a call-activity tree takes the locks in the same order. With `taskId` (a checked
 * UUID) the same query reads that task's state after the lock.
 */
export async function lockInstanceRow(
  q: Queryable, instanceId: string, tenantId: string, taskId: string | undefined, rootHeld: (rootId: string) => boolean,
): Promise<LockedInstanceRow | undefined> {
  const cols = `id, tenant_id, definition_id, org_id, root_instance_id, parent_instance_id, state, engine_state, started_by, subject_id,
    subject_org_id, (SELECT full_name FROM app_user WHERE id = subject_id) AS subject_name,
    (SELECT name FROM organization WHERE id = subject_org_id) AS subject_org_name${taskColumns(taskId)}`;
  let [row] = await q.query(
    `SELECT ${cols} FROM process_instance WHERE id = $1 AND tenant_id = $2 AND root_instance_id = id FOR UPDATE`,
    [instanceId, tenantId],
  );
  if (!row) {
    const [head] = await q.query(`SELECT root_instance_id FROM process_instance WHERE id = $1 AND tenant_id = $2`, [instanceId, tenantId]);
    if (!head) return undefined;
    if (!rootHeld(head.root_instance_id)) {
      await q.query(`SELECT id FROM process_instance WHERE id = $1 FOR UPDATE`, [head.root_instance_id]);
    }
    [row] = await q.query(`SELECT ${cols} FROM process_instance WHERE id = $1 FOR UPDATE`, [instanceId]);
  }
  return row;
}

/** The active instances a call activity's execution started. */
export async function activeChildren(q: Queryable, instanceId: string, executionId: string): Promise<{ id: string }[]> {
  return q.query(
    `SELECT id FROM process_instance WHERE parent_instance_id = $1 AND parent_execution_id = $2 AND state = 'active'`,
    [instanceId, executionId],
  );
}

/**
 * Locks and loads the root instance task `taskId` waits in and reads the task's columns `access`
 * (SQL over the alias `t`, parameters from `$3`) in the same statement: a completion's access check
 * and lock in one round trip. Undefined when the task is not open in the tenant or waits in a called
 * instance (whose root must be locked first: the caller takes the two-step path then).
 */
export async function lockRootOfTask(
  q: Queryable, taskId: string, tenantId: string, access: { sql: string; params: unknown[] },
): Promise<{ instance: LockedInstanceRow; task: Record<string, unknown> } | undefined> {
  const [row] = await q.query(
    `SELECT row_to_json(a) AS task, p.id, p.tenant_id, p.definition_id, p.org_id, p.root_instance_id, p.parent_instance_id, p.state,
       p.engine_state, p.started_by, p.subject_id, p.subject_org_id,
       (SELECT full_name FROM app_user WHERE id = p.subject_id) AS subject_name,
       (SELECT name FROM organization WHERE id = p.subject_org_id) AS subject_org_name
     FROM user_task t JOIN process_instance p ON p.id = t.instance_id
       CROSS JOIN LATERAL (SELECT ${access.sql}) a
     WHERE t.id = $1 AND t.tenant_id = $2 AND p.root_instance_id = p.id
     FOR UPDATE OF p`,
    [taskId, tenantId, ...access.params],
  );
  if (!row) return undefined;
  const { task, ...instance } = row;
  return { instance: { ...instance, task_open: true, task_assignee: task.assignee ?? null }, task };
}

