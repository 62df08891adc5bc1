import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { compileBpmn } from '../../engine/model/compile-bpmn.js';
import type { ProcessModel } from '../../engine/model/process-model.types.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** A deployed process definition with its compiled model. */
export interface LoadedDefinition {
  id: string;
  tenantId: string;
  key: string;
  version: number;
  name: string | null;
  model: ProcessModel;
}

const MAX_ENTRIES = 500;
const LATEST_TTL_MS = 5_000;

/**
 * Compiled models by definition id. Definitions never change once deployed, so entries never go
 * stale; the cache only bounds its size (least recently used out first).
 */
@Injectable()
export class DefinitionCacheService {
  private readonly cache = new Map<string, LoadedDefinition>();
  /** Latest definition id by tenant/key; other processes' deploys are seen within {@link LATEST_TTL_MS}. */
  private readonly latestIds = new Map<string, { id: string; at: number }>();

  /** Puts a model compiled at deploy time, so the first start does not compile again. */
  put(def: LoadedDefinition): void {
    this.cache.set(def.id, def);
    this.trim();
  }

  async get(tx: EntityManager, definitionId: string): Promise<LoadedDefinition> {
    const hit = this.cache.get(definitionId);
    if (hit) {
      this.cache.delete(definitionId);
      this.cache.set(definitionId, hit);
      return hit;
    }
    const [row] = await tx.query(
      `SELECT id, tenant_id, key, version, name, xml, resource_name FROM process_definition WHERE id = $1`,
      [definitionId],
    );
    if (!row) throw new NotFoundException(msg('start.definitionNotFound', { id: definitionId }));
    // stored definitions are not probed again: a bound lowered since is met at run time, as an incident
    const compiled = await compileBpmn(row.xml, row.resource_name, { probeFeel: false });
    const model = compiled.processes.find((p) => p.key === row.key);
    if (!model) throw new Error(`deployed definition ${row.key} v${row.version} no longer compiles: ${compiled.problems.map((p) => p.message).join('; ')}`);
    const def: LoadedDefinition = { id: row.id, tenantId: row.tenant_id, key: row.key, version: row.version, name: row.name, model };
    this.put(def);
    return def;
  }

  /** The latest version of `key` in a tenant; 404 naming the key when there is none. */
  async latest(tx: EntityManager, tenantId: string, key: string): Promise<LoadedDefinition> {
    const ck = `${tenantId}/${key}`;
    const hit = this.latestIds.get(ck);
    if (hit && Date.now() - hit.at < LATEST_TTL_MS) return this.get(tx, hit.id);
    const [row] = await tx.query(
      `SELECT id FROM process_definition WHERE tenant_id = $1 AND key = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, key],
    );
    if (!row) throw new NotFoundException(msg('definition.keyNotDeployed', { key }));
    this.latestIds.set(ck, { id: row.id, at: Date.now() });
    return this.get(tx, row.id);
  }

  /** A deploy in this process makes its new versions the latest at once. */
  forgetLatest(tenantId: string): void {
    for (const k of this.latestIds.keys()) if (k.startsWith(`${tenantId}/`)) this.latestIds.delete(k);
  }

  private trim(): void {
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }
}
