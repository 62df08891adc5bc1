import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../database/queryable.js';

/** SQL of timer starts: the firing claimed per organisation (`cycle_firing`) and the next firing's job. */
@Injectable()
export class TimerStartStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Claims one firing of a cycle for one organisation; false when another run of the same firing
   * (another process, a job taken over) claimed it first.
   */
  async claimFiring(f: { tenantId: string; processKey: string; elementId: string; fireAt: Date; orgId: string; instanceId: string }, q: Queryable = this.ds): Promise<boolean> {
    const [claimed] = await q.query(
      `INSERT INTO cycle_firing (tenant_id, process_key, element_id, fire_at, org_id, instance_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING org_id`,
      [f.tenantId, f.processKey, f.elementId, f.fireAt, f.orgId, f.instanceId],
    );
    return !!claimed;
  }

  /** Writes the next firing of a definition's timer start. */
  async schedule(j: { tenantId: string; definitionId: string; elementId: string | null; dueAt: Date; payload: object }, q: Queryable = this.ds): Promise<void> {
    await q.query(
      `INSERT INTO job (id, tenant_id, kind, definition_id, element_id, due_at, payload) VALUES ($1, $2, 'timer-start', $3, $4, $5, $6)`,
      [randomUUID(), j.tenantId, j.definitionId, j.elementId, j.dueAt, j.payload],
    );
  }
}
