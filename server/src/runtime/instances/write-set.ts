import type { EntityManager } from 'typeorm';

/** A row as JSON for `jsonb_to_recordset` (column name → value). */
type Row = Record<string, unknown>;

/** Column lists (with types) of the rows a command writes, for `jsonb_to_recordset`. */
const COLUMNS = {
  process_instance: `id uuid, tenant_id uuid, definition_id uuid, process_key text, business_key text, org_id uuid, state text,
    engine_state jsonb, variables jsonb, active_element_ids text[], root_instance_id uuid, parent_instance_id uuid,
    parent_execution_id text, started_by uuid, started_at timestamptz, ended_at timestamptz, subject_id uuid, subject_org_id uuid`,
  user_task: `id uuid, tenant_id uuid, instance_id uuid, definition_id uuid, process_key text, element_id text, execution_id text,
    name text, org_id uuid, assignee uuid, candidate_users uuid[], candidate_roles text[], form_id text, due_at timestamptz,
    follow_up_at timestamptz, input jsonb, created_at timestamptz, subject_id uuid, subject_org_id uuid, search_text text`,
  task_candidate: `task_id uuid, role text, org_id uuid, due_at timestamptz, assignee uuid, created_at timestamptz, process_key text`,
  job: `id uuid, tenant_id uuid, kind text, instance_id uuid, definition_id uuid, element_id text, execution_id text,
    due_at timestamptz, payload jsonb, retries integer`,
  event_subscription: `id uuid, tenant_id uuid, kind text, name text, correlation_key text, instance_id uuid, definition_id uuid,
    element_id text, execution_id text, created_at timestamptz`,
  incident: `id uuid, tenant_id uuid, instance_id uuid, element_id text, execution_id text, job_id uuid, kind text, message text,
    created_at timestamptz`,
  history_event: `tenant_id uuid, instance_id uuid, at timestamptz, type text, element_id text, element_type text,
    element_name text, execution_id text, user_id uuid, data jsonb`,
} as const;

type Table = keyof typeof COLUMNS;

const names = (t: Table) => COLUMNS[t].split(',').map((c) => c.trim().split(/\s+/)[0]).join(', ');

/**
 * The writes of one command, netted in memory (a row inserted and deleted in the same command
 * is never written) and sent as ONE statement of data-modifying CTEs at the end: a command costs
 * a handful of round trips however many effects it has.
 */
export class WriteSet {
  private readonly inserts: Record<Exclude<Table, 'task_candidate' | 'history_event'>, Map<string, Row>> = {
    process_instance: new Map(),
    user_task: new Map(),
    job: new Map(),
    event_subscription: new Map(),
    incident: new Map(),
  };
  private readonly deletes = { user_task: new Set<string>(), job: new Set<string>(), event_subscription: new Set<string>(), incident: new Set<string>() };
  private readonly candidates: Row[] = [];
  private readonly history: Row[] = [];
  private readonly instanceUpdates = new Map<string, Row>();
  private readonly jobUpdates = new Map<string, Row>();
  /** Instances that ended: their leftover runtime rows go too. */
  private readonly ended = new Set<string>();
  /** Statements other modules added (listeners), sent in the same statement. */
  private readonly deferred: { sql: string; params: unknown[]; select: boolean }[] = [];

  get empty(): boolean {
    return !this.candidates.length && !this.history.length && !this.instanceUpdates.size && !this.jobUpdates.size && !this.ended.size
      && !this.deferred.length
      && Object.values(this.inserts).every((m) => !m.size) && Object.values(this.deletes).every((s) => !s.size);
  }

  insert(table: keyof WriteSet['inserts'], row: Row): void {
    this.inserts[table].set(String(row.id), row);
  }

  delete(table: keyof WriteSet['deletes'], id: string): void {
    const pending = this.inserts[table];
    if (pending.delete(id)) {
      if (table === 'user_task') this.dropCandidates(id);
      return;
    }
    this.deletes[table].add(id);
    if (table === 'job') this.jobUpdates.delete(id);
  }

  candidate(row: Row): void {
    this.candidates.push(row);
  }

  historyRow(row: Row): void {
    this.history.push(row);
  }

  /** Sets columns of a job: applied to the pending insert when the job is new in this command. */
  updateJob(id: string, cols: Row): void {
    const pending = this.inserts.job.get(id);
    if (pending) Object.assign(pending, cols);
    else if (!this.deletes.job.has(id)) this.jobUpdates.set(id, { ...(this.jobUpdates.get(id) ?? {}), id, ...cols });
  }

  /** The instance's new state: merged into its pending insert when it started in this command. */
  saveInstance(id: string, cols: Row): void {
    const pending = this.inserts.process_instance.get(id);
    if (pending) Object.assign(pending, cols);
    else this.instanceUpdates.set(id, { id, ...cols });
  }

  endInstance(id: string): void {
    this.ended.add(id);
  }

  /**
   * Adds a statement of another module (an INSERT/UPDATE/DELETE, or a SELECT when `select`, e.g.
   * `pg_notify`) to the command's write; `$1…$n` refer to `params`. It runs in the same statement
   * snapshot as the other writes, so it must not depend on them.
   */
  defer(sql: string, params: unknown[], select = false): void {
    this.deferred.push({ sql, params, select });
  }

  private dropCandidates(taskId: string): void {
    for (let i = this.candidates.length - 1; i >= 0; i--) if (this.candidates[i].task_id === taskId) this.candidates.splice(i, 1);
  }

  /** Sends everything as one statement and resets the set. */
  async flush(tx: EntityManager): Promise<void> {
    if (this.empty) return;
    const ctes: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const recordset = (t: Table, rows: Row[]) => `jsonb_to_recordset(${p(JSON.stringify(rows))}::jsonb) AS r(${COLUMNS[t]})`;
    let n = 0;
    const cte = (sql: string) => ctes.push(`w${n++} AS (${sql})`);

    for (const [t, ids] of Object.entries(this.deletes) as [Table, Set<string>][]) {
      if (ids.size) cte(`DELETE FROM ${t} WHERE id = ANY(${p([...ids])}::uuid[])`);
    }
    if (this.ended.size) {
      const ended = p([...this.ended]);
      for (const t of ['user_task', 'job', 'event_subscription', 'incident']) {
        cte(`DELETE FROM ${t} WHERE instance_id = ANY(${ended}::uuid[])`);
      }
    }
    for (const [t, rows] of Object.entries(this.inserts) as [Table, Map<string, Row>][]) {
      if (!rows.size) continue;
      // Rows of ended instances that were created in this very command are not written at all.
      const list = [...rows.values()].filter((r) => t === 'process_instance' || !this.ended.has(String(r.instance_id)));
      if (list.length) cte(`INSERT INTO ${t} (${names(t)}) SELECT ${names(t)} FROM ${recordset(t, list)}`);
    }
    const live = this.candidates.filter((c) => this.inserts.user_task.has(String(c.task_id)));
    if (live.length) {
      cte(`INSERT INTO task_candidate (${names('task_candidate')}) SELECT ${names('task_candidate')} FROM ${recordset('task_candidate', live)} ON CONFLICT DO NOTHING`);
    }
    if (this.instanceUpdates.size) {
      cte(`UPDATE process_instance p SET engine_state = r.engine_state, variables = r.variables, active_element_ids = r.active_element_ids,
             state = r.state, ended_at = r.ended_at, rev = p.rev + 1
           FROM jsonb_to_recordset(${p(JSON.stringify([...this.instanceUpdates.values()]))}::jsonb)
             AS r(id uuid, engine_state jsonb, variables jsonb, active_element_ids text[], state text, ended_at timestamptz)
           WHERE p.id = r.id`);
    }
    if (this.jobUpdates.size) {
      cte(`UPDATE job j SET retries = coalesce(r.retries, j.retries), last_error = coalesce(r.last_error, j.last_error),
             attempts = j.attempts + coalesce(r.attempts_inc, 0), state = coalesce(r.state, j.state),
             due_at = coalesce(r.due_at, j.due_at), lock_owner = NULL, lock_expires_at = NULL
           FROM jsonb_to_recordset(${p(JSON.stringify([...this.jobUpdates.values()]))}::jsonb)
             AS r(id uuid, retries integer, last_error text, attempts_inc integer, state text, due_at timestamptz)
           WHERE j.id = r.id`);
    }
    if (this.history.length) {
      cte(`INSERT INTO history_event (${names('history_event')}) SELECT ${names('history_event')} FROM ${recordset('history_event', this.history)}`);
    }
    // A SELECT in WITH runs only when referenced: the final SELECT references every deferred one.
    const selects: string[] = [];
    for (const d of this.deferred) {
      const offset = params.length;
      params.push(...d.params);
      const name = `w${n}`;
      cte(d.sql.replace(/\$(\d+)/g, (_, k: string) => `$${Number(k) + offset}`));
      if (d.select) selects.push(`(SELECT count(*) FROM ${name})`);
    }
    await tx.query(`WITH ${ctes.join(',\n')} SELECT ${selects.join(' + ') || '1'}`, params);
    this.reset();
  }

  private reset(): void {
    for (const m of Object.values(this.inserts)) m.clear();
    for (const s of Object.values(this.deletes)) s.clear();
    this.candidates.length = 0;
    this.history.length = 0;
    this.instanceUpdates.clear();
    this.jobUpdates.clear();
    this.ended.clear();
    this.deferred.length = 0;
  }
}
