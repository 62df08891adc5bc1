import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../../database/queryable.js';

/** An incident row as the retry reads it. */
export interface IncidentRow {
  id: string;
  tenant_id: string;
  instance_id: string | null;
  element_id: string | null;
  job_id: string | null;
  kind: string;
}

/** SQL of `incident` (and the `job` rows administrators look at); `q` is a transaction when given. */
@Injectable()
export class IncidentStore {
  constructor(private readonly ds: DataSource) {}

  /** Open incidents of the tenant, optionally of one instance, oldest first. */
  async list(tenantId: string, instanceId: string | null, q: Queryable = this.ds): Promise<Record<string, unknown>[]> {
    return q.query(
      `SELECT i.id, i.instance_id AS "processInstanceId", pi.process_key AS "processKey", i.element_id AS "elementId",
         i.execution_id AS "executionId", i.job_id AS "jobId", i.kind, i.message, i.created_at AS "createdAt"
       FROM incident i LEFT JOIN process_instance pi ON pi.id = i.instance_id
       WHERE i.tenant_id = $1 AND ($2::uuid IS NULL OR i.instance_id = $2) ORDER BY i.created_at`,
      [tenantId, instanceId],
    );
  }

  /** The incidents of one instance, oldest first, as its answer lists them. */
  async ofInstance(instanceId: string, q: Queryable = this.ds): Promise<Record<string, unknown>[]> {
    return q.query(
      `SELECT id, element_id AS "elementId", execution_id AS "executionId", job_id AS "jobId", kind, message, created_at AS "createdAt"
       FROM incident WHERE instance_id = $1 ORDER BY created_at`,
      [instanceId],
    );
  }

  async byId(id: string, q: Queryable = this.ds): Promise<IncidentRow | undefined> {
    const [inc] = await q.query(`SELECT id, tenant_id, instance_id, element_id, job_id, kind FROM incident WHERE id = $1`, [id]);
    return inc;
  }

  /** Whether the engine state of the instance holds the incident (else the job executor raised it). */
  async engineKnows(instanceId: string | null, incidentId: string, q: Queryable = this.ds): Promise<boolean> {
    if (!instanceId) return false;
    const [row] = await q.query(`SELECT engine_state->'incidents' ? $2 AS known FROM process_instance WHERE id = $1`, [instanceId, incidentId]);
    return !!row?.known;
  }

  /** A job whose tries ran out in the executor is due again at `now`; its incident is resolved in the history. */
  async retryFailedJob(inc: IncidentRow, now: Date, userId: string, q: Queryable = this.ds): Promise<void> {
    await q.query(`UPDATE job SET state = 'ready', attempts = 0, retries = greatest(retries, 1), due_at = $2, lock_owner = NULL, lock_expires_at = NULL WHERE id = $1`,
      [inc.job_id, now]);
    await q.query(`DELETE FROM incident WHERE id = $1`, [inc.id]);
    await q.query(`INSERT INTO history_event (tenant_id, instance_id, at, type, user_id, data) VALUES ($1, $2, $3, 'incidentResolved', $4, $5)`,
      [inc.tenant_id, inc.instance_id, now, userId, { incidentId: inc.id, retried: true }]);
  }

  /** The open incident on an element of an instance, if any. */
  async openOn(instanceId: string | null, elementId: string | null, q: Queryable = this.ds): Promise<{ id: string; message: string } | undefined> {
    const [still] = await q.query(`SELECT id, message FROM incident WHERE instance_id = $1 AND element_id = $2`, [instanceId, elementId]);
    return still;
  }

  /** Jobs of the tenant (timers, actions), optionally of one state, by due time. */
  async jobs(tenantId: string, state: string | null, q: Queryable = this.ds): Promise<Record<string, unknown>[]> {
    return q.query(
      `SELECT id, kind, instance_id AS "processInstanceId", element_id AS "elementId", due_at AS "dueAt", state, retries, attempts,
         last_error AS "lastError", lock_owner AS "lockOwner", created_at AS "createdAt"
       FROM job WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2) ORDER BY due_at LIMIT 1000`,
      [tenantId, state],
    );
  }
}
