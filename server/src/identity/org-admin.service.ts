import { BadRequestException, ConflictException, ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AccessService } from './access.service.js';
import type { AuthUser } from './auth-user.types.js';
import { csvProblem, parseCsv } from './csv.js';
import type { CreateOrganizationDto, ListOrganizationsQuery } from './dto/organization.dto.js';
import { OrgService } from './org.service.js';
import type { OrgRecord } from './org.service.js';
import { isUuid } from '../common/ids.js';
import { TenantService } from './tenant.service.js';
import type { TenantView } from './tenant.service.js';
import { isBelow, isTopLevel, VariantCatalogService } from './variant-catalog.service.js';
import type { TenantCatalog } from './variant-catalog.service.js';
import { isLocalizedMessage, msg } from '../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../common/messages/message-catalogue.js';

/** An organisation as the API shows it, with the names from the root down. */
export interface OrgView extends OrgRecord {
  namePath: string[];
  depth: number;
}

/**
 * Result of a CSV import: rows created and rows refused with the reason (row = line number in the
 * file); a reason from the catalogue is rendered in the caller's language by the controller.
 */
export interface ImportResult {
  created: number;
  refused: { row: number; reason: string | LocalizedMessage }[];
}

/** Largest number of organisations one listing returns. */
export const ORG_LIST_LIMIT = 5000;

const VIEW = `o.id, o.tenant_id AS "tenantId", o.parent_id AS "parentId", o.name, o.level, o.path, o.is_active AS "isActive",
  (SELECT array_agg(a.name ORDER BY length(a.path)) FROM organization a
    WHERE a.id = ANY(string_to_array(trim(both '/' from o.path), '/')::uuid[])) AS "namePath"`;

function view(r: OrgView): OrgView {
  return { ...r, depth: r.namePath.length - 1 };
}

/** The organisation tree's management: create (one or by CSV), list, rename, deactivate. */
@Injectable()
export class OrgAdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly orgs: OrgService,
    private readonly access: AccessService,
    private readonly tenants: TenantService,
    private readonly catalog: VariantCatalogService,
  ) {}

  private async viewOf(id: string, m: EntityManager = this.ds.manager): Promise<OrgView> {
    const [r] = await m.query(`SELECT ${VIEW} FROM organization o WHERE o.id = $1`, [id]);
    return view(r);
  }

  /** Creates one organisation (see {@link OrgAdminService.createIn} for the rules). */
  async create(user: AuthUser, dto: CreateOrganizationDto): Promise<OrgView> {
    let tenant: TenantView;
    if (dto.parentId) {
      const parent = await this.orgs.get(dto.parentId);
      if (!parent || (!user.isSuperadmin && parent.tenantId !== user.tenantId)) throw new NotFoundException(msg('org.parentNotFound', { id: dto.parentId }));
      tenant = await this.tenants.resolveFor(user, dto.tenant ?? parent.tenantId);
    } else {
      tenant = await this.tenants.resolveFor(user, dto.tenant);
    }
    const cat = await this.catalog.forTenant(tenant.id);
    return this.ds.transaction(async (m) => {
      const id = await this.createIn(m, user, tenant, cat, dto.name, dto.level, dto.parentId ?? null);
      return this.viewOf(id, m);
    });
  }

  /**
   * Creates an organisation inside transaction `m`; throws an HTTP error naming what is wrong:
   * the tenant must have a variant; the level must be declared; a child's level strictly below its
   * parent's; a root at the top level and only by the superadmin; the caller must administer the
   * parent; names are unique among siblings.
   */
  async createIn(m: EntityManager, user: AuthUser, tenant: TenantView, cat: TenantCatalog, name: string, level: string, parentId: string | null): Promise<string> {
    name = name.trim();
    level = level.trim();
    if (!name) throw new BadRequestException({ message: msg('org.nameEmpty'), fields: { name: [msg('org.nameEmptyField')] } });
    if (!tenant.isActive) throw new BadRequestException(msg('tenant.deactivated', { key: tenant.key }));
    if (!cat.hasVariants) throw new BadRequestException(msg('tenant.noLevels', { key: tenant.key }));
    if (!cat.levels.includes(level)) {
      throw new BadRequestException({
        message: msg('org.levelUnknown', { level, tenant: tenant.key, levels: cat.levels.join(', ') }),
        fields: { level: [msg('org.levelUnknownField', { levels: cat.levels.join(', ') })] },
      });
    }
    let parent: OrgRecord | null = null;
    if (parentId) {
      parent = await this.orgs.get(parentId, m);
      if (!parent || parent.tenantId !== tenant.id) throw new NotFoundException(msg('org.parentNotInTenant', { id: parentId, tenant: tenant.key }));
      if (!parent.isActive) throw new BadRequestException(msg('org.parentDeactivated', { name: parent.name }));
      if (!this.access.canAdminPath(user, parent.path)) throw new ForbiddenException(msg('org.notAdminOfParent', { name: parent.name }));
      if (!isBelow(cat, parent.level, level)) {
        throw new BadRequestException({
          message: msg('org.levelNotBelow', { level, parentLevel: parent.level }),
          fields: { level: [msg('org.levelNotBelowField', { parentLevel: parent.level })] },
        });
      }
    } else {
      if (!user.isSuperadmin) throw new ForbiddenException(msg('org.rootBySuperadmin'));
      if (!isTopLevel(cat, level)) {
        const tops = [...new Set(cat.levelOrders.map((o) => o[0]).filter(Boolean))];
        throw new BadRequestException({
          message: msg('org.rootLevel', { levels: tops.join(', ') }),
          fields: { level: [msg('org.rootLevelField', { levels: tops.join(', ') })] },
        });
      }
    }
    const dup = await m.query(
      `SELECT 1 FROM organization WHERE tenant_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND lower(name) = lower($3) AND is_active LIMIT 1`,
      [tenant.id, parentId, name],
    );
    if (dup.length) throw new ConflictException(parent ? msg('org.nameTaken', { name, parent: parent.name }) : msg('org.nameTakenAtRoot', { name }));
    const id = randomUUID();
    await m.query(`INSERT INTO organization (id, tenant_id, parent_id, name, level, path) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      tenant.id,
      parentId,
      name,
      level,
      `${parent ? parent.path : '/'}${id}/`,
    ]);
    return id;
  }

  /**
   * Organisations in tree order (by the names from the root). The superadmin sees every tenant
   * (or the one named); others see their own tenant's tree.
   */
  async list(user: AuthUser, q: ListOrganizationsQuery): Promise<OrgView[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.tenant || !user.isSuperadmin) {
      const t = await this.tenants.resolveFor(user, q.tenant);
      args.push(t.id);
      where.push(`o.tenant_id = $${args.length}`);
    }
    if (q.parentId) {
      args.push(q.parentId);
      where.push(`o.parent_id = $${args.length}`);
    }
    if (q.level) {
      args.push(q.level);
      where.push(`o.level = $${args.length}`);
    }
    if (q.q) {
      args.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`o.name ILIKE $${args.length}`);
    }
    const rows: OrgView[] = await this.ds.query(
      `SELECT * FROM (SELECT ${VIEW} FROM organization o ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) x
        ORDER BY "namePath" LIMIT ${ORG_LIST_LIMIT}`,
      args,
    );
    return rows.map(view);
  }

  /** One organisation; another tenant's (or a missing one) is a 404. */
  async getOne(user: AuthUser, id: string): Promise<OrgView> {
    const org = await this.orgs.get(id);
    if (!org) throw new NotFoundException(msg('org.notFound', { id }));
    this.access.assertTenantAccess(user, org.tenantId, msg('org.notFound', { id }));
    return this.viewOf(id);
  }

  private async administered(user: AuthUser, id: string): Promise<OrgRecord> {
    const org = await this.orgs.get(id);
    if (!org) throw new NotFoundException(msg('org.notFound', { id }));
    this.access.assertTenantAccess(user, org.tenantId, msg('org.notFound', { id }));
    if (!this.access.canAdminPath(user, org.path)) throw new ForbiddenException(msg('org.notAdmin', { name: org.name }));
    return org;
  }

  /** Renames an organisation (its administrators). */
  async rename(user: AuthUser, id: string, name: string): Promise<OrgView> {
    const org = await this.administered(user, id);
    name = name.trim();
    const dup = await this.ds.query(
      `SELECT 1 FROM organization WHERE tenant_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND lower(name) = lower($3) AND id <> $4 AND is_active LIMIT 1`,
      [org.tenantId, org.parentId, name, id],
    );
    if (dup.length) throw new ConflictException(msg('org.nameTakenBeside', { name }));
    await this.ds.query(`UPDATE organization SET name = $2 WHERE id = $1`, [id, name]);
    return this.viewOf(id);
  }

  /** Deactivates an organisation and its whole subtree; memberships there stop counting at once. */
  async deactivate(user: AuthUser, id: string): Promise<OrgView & { deactivated: number }> {
    const org = await this.administered(user, id);
    const [, n] = await this.ds.query(`UPDATE organization SET is_active = false WHERE tenant_id = $1 AND path LIKE $2 AND is_active`, [
      org.tenantId,
      `${org.path}%`,
    ]);
    return { ...(await this.viewOf(id)), deactivated: n };
  }

  /**
   * Imports organisations from CSV (`name;level;parent`, parent empty for a root, an id, or a
   * name path `Root/Child/…`, possibly naming rows above it). Valid rows are created in one
   * transaction; each refused row is reported with its line number and reason.
   */
  async importCsv(user: AuthUser, tenantRef: string | undefined, csv: string): Promise<ImportResult> {
    const tenant = await this.tenants.resolveFor(user, tenantRef);
    let rows;
    try {
      rows = parseCsv(csv, ['name', 'level', 'parent']);
    } catch (e) {
      throw new BadRequestException(csvProblem(e));
    }
    const cat = await this.catalog.forTenant(tenant.id);
    if (!cat.hasVariants) throw new BadRequestException(msg('tenant.noLevels', { key: tenant.key }));
    const result: ImportResult = { created: 0, refused: [] };
    await this.ds.transaction(async (m) => {
      for (const r of rows) {
        await m.query('SAVEPOINT org_row');
        try {
          const parentRef = r.cells.parent;
          const parentId = parentRef ? await this.resolveOrgRef(m, tenant.id, parentRef) : null;
          await this.createIn(m, user, tenant, cat, r.cells.name, r.cells.level, parentId);
          await m.query('RELEASE SAVEPOINT org_row');
          result.created++;
        } catch (e) {
          await m.query('ROLLBACK TO SAVEPOINT org_row');
          result.refused.push({ row: r.row, reason: reasonOf(e) });
        }
      }
    });
    return result;
  }

  /**
   * The id of the active organisation of `tenantId` named by `ref`: an id, or a name path from
   * the root (`Регион/Муниципальный район/Школа №1`, case-insensitive). Throws 400 when
   * nothing or more than one matches.
   */
  async resolveOrgRef(m: EntityManager, tenantId: string, ref: string): Promise<string> {
    ref = ref.trim();
    if (isUuid(ref)) {
      const rows = await m.query(`SELECT id FROM organization WHERE id = $1 AND tenant_id = $2 AND is_active`, [ref, tenantId]);
      if (!rows.length) throw new BadRequestException(msg('org.notFound', { id: ref }));
      return ref;
    }
    const names = ref.split('/').map((s) => s.trim()).filter(Boolean);
    if (!names.length) throw new BadRequestException(msg('org.nameNotFound', { ref }));
    let parent: string | null = null;
    for (const [i, name] of names.entries()) {
      const rows: { id: string }[] = await m.query(
        `SELECT id FROM organization WHERE tenant_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND lower(name) = lower($3) AND is_active`,
        [tenantId, parent, name],
      );
      if (rows.length !== 1) {
        const at = names.slice(0, i + 1).join('/');
        throw new BadRequestException(msg(rows.length ? 'org.pathAmbiguous' : 'org.pathNotFound', { path: at }));
      }
      parent = rows[0].id;
    }
    return parent!;
  }
}

/** The reason of an error for a refused import row: its catalogue message (rendered by the caller), or its text. */
export function reasonOf(e: unknown): string | LocalizedMessage {
  if (e instanceof HttpException) {
    const body = e.getResponse();
    if (isLocalizedMessage(body)) return body;
    const m = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    if (isLocalizedMessage(m)) return m;
    return Array.isArray(m) ? m.join('; ') : String(m ?? e.message);
  }
  return (e as Error).message ?? String(e);
}
