import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../../database/queryable.js';

/**
 * The form a task of a process definition shows: the version of `formId` deployed with (or
 * before) the definition; else the latest. The one rule for picking a form version — the inbox,
 * completion, the route's previous steps and the demo loader all read it here.
 */
@Injectable()
export class FormStore {
  constructor(private readonly ds: DataSource) {}

  async formForDefinition(tenantId: string, formId: string, definitionId: string, q: Queryable = this.ds): Promise<object | null> {
  const [row] = await q.query(
    `SELECT f.schema FROM form_definition f, process_definition p
     WHERE p.id = $3 AND f.tenant_id = $1 AND f.form_id = $2
     ORDER BY (f.created_at <= p.created_at) DESC, CASE WHEN f.created_at <= p.created_at THEN f.version ELSE -f.version END DESC LIMIT 1`,
    [tenantId, formId, definitionId],
  );
  return row?.schema ?? null;
}
}
