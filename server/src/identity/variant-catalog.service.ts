import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isRootPath } from './access.service.js';
import { isSystemRole, ROOT_ONLY_ROLES, SYSTEM_ROLES } from './system-roles.js';
import { msg } from '../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../common/messages/message-catalogue.js';

/** A role a variant declares, with the level where its holders live. */
export interface DeclaredRole {
  key: string;
  name: string;
  level: string;
}

/** What a tenant's deployed variants declare: level orders (top first) and roles. */
export interface TenantCatalog {
  /** True when the tenant has at least one variant. */
  hasVariants: boolean;
  /** One level order per variant (latest version of each), top level first. */
  levelOrders: string[][];
  /** Union of the declared levels. */
  levels: string[];
  /** Union of the declared roles (a key may appear at several levels if variants disagree). */
  roles: DeclaredRole[];
}

/**
 * Reads the roles and levels of a tenant: the union over the latest version of each of its
 * variants (`variant.content` = `{ key, name, levels: [top…lowest], roles: [{ key, name, level }] }`).
 */
@Injectable()
export class VariantCatalogService {
  constructor(private readonly ds: DataSource) {}

  /** The catalog of `tenantId` (read fresh: a deploy may have just added a variant). */
  async forTenant(tenantId: string): Promise<TenantCatalog> {
    const rows: { content: { levels?: unknown; roles?: unknown } }[] = await this.ds.query(
      `SELECT DISTINCT ON (key) content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC`,
      [tenantId],
    );
    const levelOrders: string[][] = [];
    const levels = new Set<string>();
    const roles: DeclaredRole[] = [];
    for (const { content } of rows) {
      const order = Array.isArray(content?.levels) ? content.levels.filter((l): l is string => typeof l === 'string') : [];
      levelOrders.push(order);
      order.forEach((l) => levels.add(l));
      for (const r of Array.isArray(content?.roles) ? content.roles : []) {
        if (r && typeof r.key === 'string' && typeof r.level === 'string') {
          if (!roles.some((x) => x.key === r.key && x.level === r.level)) {
            roles.push({ key: r.key, name: typeof r.name === 'string' ? r.name : r.key, level: r.level });
          }
        }
      }
    }
    return { hasVariants: rows.length > 0, levelOrders, levels: [...levels], roles };
  }
}

/** True when `level` is the top level of one of the variants. */
export function isTopLevel(cat: TenantCatalog, level: string): boolean {
  return cat.levelOrders.some((o) => o[0] === level);
}

/** True when some variant orders `child` strictly below `parent`. */
export function isBelow(cat: TenantCatalog, parent: string, child: string): boolean {
  return cat.levelOrders.some((o) => {
    const p = o.indexOf(parent);
    const c = o.indexOf(child);
    return p >= 0 && c >= 0 && c > p;
  });
}

/**
 * Why `role` may not be held at an organisation of `orgLevel` (at `orgPath`), or null when it
 * may: `admin` and `supervisor` anywhere, `designer` at a root organisation only; a declared role
 * only at its declared level.
 */
export function roleRefusal(cat: TenantCatalog, role: string, orgLevel: string, orgPath: string): LocalizedMessage | null {
  if (isSystemRole(role)) return ROOT_ONLY_ROLES.includes(role) && !isRootPath(orgPath) ? msg('user.roleRootOnly', { role, name: SYSTEM_ROLES[role] }) : null;
  const declared = cat.roles.filter((r) => r.key === role);
  if (!declared.length) {
    const known = [...Object.keys(SYSTEM_ROLES), ...new Set(cat.roles.map((r) => r.key))];
    return msg('user.roleUnknown', { role, known: known.join(', ') });
  }
  if (!declared.some((r) => r.level === orgLevel)) {
    const levels = declared.map((r) => r.level);
    return msg('user.roleWrongLevel', { role, levels: levels.join('" or "'), levelsRu: levels.join('» или «'), orgLevel });
  }
  return null;
}

/** Display name of a role: the system role's name, else the declared name, else the key. */
export function roleName(cat: TenantCatalog | undefined, role: string): string {
  if (isSystemRole(role)) return SYSTEM_ROLES[role];
  return cat?.roles.find((r) => r.key === role)?.name ?? role;
}
