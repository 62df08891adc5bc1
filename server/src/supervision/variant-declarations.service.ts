import { Injectable } from '@nestjs/common';
import { Duration } from 'luxon';
import { DataSource } from 'typeorm';
import type { IndicatorDeclaration } from '../runtime/definitions/indicator-declaration.js';

export type { IndicatorDeclaration, IndicatorQuery } from '../runtime/definitions/indicator-declaration.js';

/** Stage time limits: process key → element id → ISO 8601 duration. */
export type StageLimits = Map<string, Map<string, string>>;

/**
 * Reads what a tenant's variants declare for supervision (latest version of each variant):
 * `processes.<key>.stageLimits` (`{ <elementId>: "P30D" }`, how long an instance may stay in an
 * element or sub-process) and `indicators`.
 */
@Injectable()
export class VariantDeclarationsService {
  constructor(private readonly ds: DataSource) {}

  private async contents(tenantId: string): Promise<{ key: string; content: Record<string, unknown> }[]> {
    return this.ds.query(`SELECT DISTINCT ON (key) key, content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC`, [tenantId]);
  }

  /** Stage limits of every process of the tenant; invalid durations are left out. */
  async stageLimits(tenantId: string): Promise<StageLimits> {
    const out: StageLimits = new Map();
    for (const { content } of await this.contents(tenantId)) {
      const processes = content.processes;
      if (!processes || typeof processes !== 'object') continue;
      for (const [key, p] of Object.entries(processes as Record<string, { stageLimits?: unknown }>)) {
        const limits = p?.stageLimits;
        if (!limits || typeof limits !== 'object') continue;
        for (const [elementId, iso] of Object.entries(limits as Record<string, unknown>)) {
          if (typeof iso !== 'string' || !Duration.fromISO(iso).isValid) continue;
          (out.get(key) ?? out.set(key, new Map()).get(key)!).set(elementId, iso);
        }
      }
    }
    return out;
  }

  /** The indicators of the tenant's variants, in variant-key then declaration order. */
  async indicators(tenantId: string): Promise<IndicatorDeclaration[]> {
    const out: IndicatorDeclaration[] = [];
    for (const { key, content } of await this.contents(tenantId)) {
      const list = content.indicators;
      if (!Array.isArray(list)) continue;
      for (const i of list as Partial<IndicatorDeclaration>[]) {
        if (!i || typeof i.key !== 'string') continue;
        out.push({ ...(i as IndicatorDeclaration), name: typeof i.name === 'string' ? i.name : i.key, variant: key });
      }
    }
    return out;
  }
}
