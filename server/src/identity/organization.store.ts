import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/queryable.js';

/** SQL of `organization` that the runtime reads (the tree is administered by `org.service.ts`). */
@Injectable()
export class OrganizationStore {
  constructor(private readonly ds: DataSource) {}

  /** The path of an active organisation of the tenant; undefined when there is none. */
  async activePath(orgId: string, tenantId: string, q: Queryable = this.ds): Promise<string | undefined> {
    const [org] = await q.query(`SELECT path FROM organization WHERE id = $1 AND tenant_id = $2 AND is_active`, [orgId, tenantId]);
    return org?.path;
  }

  /** The path of an organisation, whatever its tenant or state. */
  async path(orgId: string, q: Queryable = this.ds): Promise<string | undefined> {
    const [org] = await q.query(`SELECT path FROM organization WHERE id = $1`, [orgId]);
    return org?.path;
  }

  /** Whether the organisation exists in the tenant (active or not). */
  async exists(orgId: string, tenantId: string, q: Queryable = this.ds): Promise<boolean> {
    return (await q.query(`SELECT 1 FROM organization WHERE id = $1 AND tenant_id = $2`, [orgId, tenantId])).length > 0;
  }

  /** The active organisations of a level of the tenant, from the top of the tree. */
  async activeAtLevel(tenantId: string, level: string, q: Queryable = this.ds): Promise<{ id: string }[]> {
    return q.query(`SELECT id FROM organization WHERE tenant_id = $1 AND level = $2 AND is_active ORDER BY path`, [tenantId, level]);
  }
}

/** Organisation chains (the organisation and its ancestors with levels), shared by all callers; paths never change. */
const chains = new Map<string, { at: number; ancestors: { id: string; level: string }[] }>();
const CHAIN_CACHE_MS = 60_000;

/** The organisation and its ancestors with their levels, nearest first (cached a minute). */
export async function orgChain(q: Queryable, orgId: string): Promise<{ id: string; level: string }[]> {
  let chain = chains.get(orgId);
  if (!chain || Date.now() - chain.at > CHAIN_CACHE_MS) {
    const rows: { id: string; level: string }[] = await q.query(
      `SELECT a.id, a.level FROM organization o JOIN organization a ON o.path LIKE a.path || '%' WHERE o.id = $1 ORDER BY length(a.path) DESC`,
      [orgId],
    );
    chain = { at: Date.now(), ancestors: rows };
    chains.set(orgId, chain);
    if (chains.size > 50_000) chains.delete(chains.keys().next().value!);
  }
  return chain.ancestors;
}

/**
 * The organisation itself or its nearest ancestor of `level`: where a role declared at that level
 * is held for work at `orgId` (task candidates, notified role holders). The one place that rule is written.
 */
export async function ancestorAtLevel(q: Queryable, orgId: string, level: string): Promise<string | undefined> {
  return (await orgChain(q, orgId)).find((a) => a.level === level)?.id;
}
