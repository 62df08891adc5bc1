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
  /**
   * Found forms by (tenant, form, definition). The answer never changes once a form is found: a
   * form version deployed later is newer than the definition and than the one found, so it is not
   * chosen. A miss is not kept (a form may be deployed later). Callers must not change the schema.
   */
  private readonly found = new Map<string, object>();

  constructor(private readonly ds: DataSource) {}

  /** The schema of the form `formId` that tasks of `definitionId` show; null when the tenant has no such form. */
  async formForDefinition(tenantId: string, formId: string, definitionId: string, q: Queryable = this.ds): Promise<object | null> {
    const key = `${tenantId} ${definitionId} ${formId}`;
    const have = this.found.get(key);
    if (have) return have;
    const schema = await this.readForm(tenantId, formId, definitionId, q);
    if (schema) {
      if (this.found.size >= 2000) this.found.delete(this.found.keys().next().value!);
      this.found.set(key, Object.freeze(schema));
    }
    return schema;
  }

  private async readForm(tenantId: string, formId: string, definitionId: string, q: Queryable): Promise<object | null> {
    const [row] = await q.query(
      `SELECT f.schema FROM form_definition f, process_definition p
       WHERE p.id = $3 AND f.tenant_id = $1 AND f.form_id = $2
       ORDER BY (f.created_at <= p.created_at) DESC, CASE WHEN f.created_at <= p.created_at THEN f.version ELSE -f.version END DESC LIMIT 1`,
      [tenantId, formId, definitionId],
    );
    return row?.schema ?? null;
  }
}
