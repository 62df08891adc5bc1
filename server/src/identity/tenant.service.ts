import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user.types.js';
import type { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto.js';
import { isUuid } from '../common/ids.js';
import { msg } from '../common/messages/message-catalogue.js';

/** A tenant as the API shows it. */
export interface TenantView {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  isActive: boolean;
  createdAt: string;
  /** The tenant a sandbox copies (the designer's `<tenant>-sandbox`); absent for a live tenant. */
  sandboxOf?: string | null;
}

const COLUMNS = `id, key, name, time_zone AS "timeZone", is_active AS "isActive", created_at AS "createdAt"`;

/** Tenants (regions, republics, districts): superadmin-only management, and key-or-id lookup. */
@Injectable()
export class TenantService {
  constructor(private readonly ds: DataSource) {}

  /** The tenant named by key or id, or null. */
  async find(ref: string, m: EntityManager = this.ds.manager): Promise<TenantView | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM tenant WHERE ${isUuid(ref) ? 'id = $1' : 'key = $1'}`, [ref]);
    return rows[0] ?? null;
  }

  /**
   * The tenant a request works on: `ref` (key or id) when given, else the caller's own. A tenant
   * the caller may not see is a 404, as is a missing one; the superadmin must name one.
   */
  async resolveFor(user: AuthUser, ref: string | undefined): Promise<TenantView> {
    if (!ref) {
      if (!user.tenantId) throw new BadRequestException(msg('tenant.required'));
      ref = user.tenantId;
    }
    const t = await this.find(ref);
    if (!t || (!user.isSuperadmin && t.id !== user.tenantId)) throw new NotFoundException(msg('tenant.notFound', { ref }));
    return t;
  }

  private assertSuperadmin(user: AuthUser): void {
    if (!user.isSuperadmin) throw new ForbiddenException(msg('tenant.superadminOnly'));
  }

  async create(user: AuthUser, dto: CreateTenantDto): Promise<TenantView> {
    this.assertSuperadmin(user);
    const rows = await this.ds.query(
      `INSERT INTO tenant (key, name, time_zone) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
      [dto.key, dto.name.trim(), dto.timeZone],
    );
    if (!rows.length) throw new ConflictException({ message: msg('tenant.keyTaken', { key: dto.key }), fields: { key: [msg('tenant.keyTakenField')] } });
    return rows[0];
  }

  async list(user: AuthUser): Promise<TenantView[]> {
    this.assertSuperadmin(user);
    return this.ds.query(`SELECT ${COLUMNS}, (SELECT p.key FROM sandbox s JOIN tenant p ON p.id = s.parent_tenant_id WHERE s.tenant_id = tenant.id) AS "sandboxOf"
      FROM tenant ORDER BY key`);
  }

  async get(user: AuthUser, id: string): Promise<TenantView> {
    this.assertSuperadmin(user);
    const t = await this.find(id);
    if (!t) throw new NotFoundException(msg('tenant.notFound', { ref: id }));
    return t;
  }

  async update(user: AuthUser, id: string, dto: UpdateTenantDto): Promise<TenantView> {
    const t = await this.get(user, id);
    const [rows] = await this.ds.query(
      `UPDATE tenant SET name = coalesce($2, name), time_zone = coalesce($3, time_zone) WHERE id = $1 RETURNING ${COLUMNS}`,
      [t.id, dto.name?.trim() ?? null, dto.timeZone ?? null],
    );
    return rows[0];
  }

  /** Deactivates the tenant: its users can no longer sign in, and their open sessions stop at once. */
  async deactivate(user: AuthUser, id: string): Promise<TenantView> {
    const t = await this.get(user, id);
    return this.ds.transaction(async (m) => {
      const [rows] = await m.query(`UPDATE tenant SET is_active = false WHERE id = $1 RETURNING ${COLUMNS}`, [t.id]);
      await m.query(
        `UPDATE auth_session SET revoked_at = now() WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM app_user WHERE tenant_id = $1)`,
        [t.id],
      );
      return rows[0];
    });
  }
}
