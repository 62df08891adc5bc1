import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../../database/queryable.js';

/** SQL of `process_instance` and its `event_subscription` rows read by commands (the engine state is read by the unit of work). */
@Injectable()
export class InstanceStore {
  constructor(private readonly ds: DataSource) {}

  /** Who started the instance. */
  async startedBy(instanceId: string, q: Queryable = this.ds): Promise<string | null> {
    const [row] = await q.query(`SELECT started_by FROM process_instance WHERE id = $1`, [instanceId]);
    return row?.started_by ?? null;
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

  /** The instance's oldest open message subscription of that name (whatever its correlation key). */
  async openMessageSubscription(instanceId: string, name: string, q: Queryable = this.ds): Promise<string | undefined> {
    const [sub] = await q.query(
      `SELECT id FROM event_subscription WHERE instance_id = $1 AND kind = 'message' AND name = $2 ORDER BY created_at, id LIMIT 1`,
      [instanceId, name],
    );
    return sub?.id;
  }

  /** The names of the messages the instance waits for now. */
  async waitingMessageNames(instanceId: string, q: Queryable = this.ds): Promise<Set<string>> {
    const rows: { name: string }[] = await q.query(
      `SELECT DISTINCT name FROM event_subscription WHERE instance_id = $1 AND kind = 'message'`, [instanceId],
    );
    return new Set(rows.map((r) => r.name));
  }
}
