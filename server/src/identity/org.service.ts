import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';

import { ancestorAtLevel } from './organization.store.js';
import { isUuid } from '../common/ids.js';
import { msg } from '../common/messages/message-catalogue.js';
/** An organisation of the tree. */
export interface OrgRecord {
  id: string;
  tenantId: string;
  parentId: string | null;
  name: string;
  level: string;
  /** `/<root id>/…/<own id>/`. */
  path: string;
  isActive: boolean;
}

const COLUMNS = `id, tenant_id AS "tenantId", parent_id AS "parentId", name, level, path, is_active AS "isActive"`;

/** Ids on a path `/<a>/<b>/<c>/`, root first. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * Reads the organisation tree: one organisation, its ancestor at a level, its subtree prefix.
 * Other modules use it to resolve candidate roles against an instance's organisation.
 */
@Injectable()
export class OrgService {
  constructor(private readonly ds: DataSource) {}

  /** The organisation `orgId` (active or not), or null when there is none. */
  async get(orgId: string, m: EntityManager = this.ds.manager): Promise<OrgRecord | null> {
    if (!isUuid(orgId)) return null;
    const rows = await m.query(`SELECT ${COLUMNS} FROM organization WHERE id = $1`, [orgId]);
    return rows[0] ?? null;
  }

  /** Like {@link OrgService.get}, but a missing organisation is a 404. */
  async getOrThrow(orgId: string, m?: EntityManager): Promise<OrgRecord> {
    const org = await this.get(orgId, m);
    if (!org) throw new NotFoundException(msg('org.notFound', { id: orgId }));
    return org;
  }

  /**
   * The organisation itself or its nearest ancestor whose level is `level` (the organisation
   * chain of `organization.store.ts`), or null when the chain has none.
   */
  async ancestorAtLevel(orgId: string, level: string): Promise<OrgRecord | null> {
    if (!isUuid(orgId)) return null;
    const id = await ancestorAtLevel(this.ds, orgId, level);
    return id ? this.get(id) : null;
  }

  /**
   * The path prefix of the subtree under `orgId` (itself included): match descendants with
   * `path LIKE prefix || '%'` (indexed with text_pattern_ops). A missing organisation is a 404.
   */
  async subtreePrefix(orgId: string): Promise<string> {
    return (await this.getOrThrow(orgId)).path;
  }
}
