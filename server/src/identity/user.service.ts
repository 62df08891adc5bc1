import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { loadProfileFields, profileProblems } from './profile-fields.js';
import { AccessService, isRootPath } from './access.service.js';
import type { AuthUser } from './auth-user.types.js';
import { csvProblem, parseCsv } from './csv.js';
import { MIN_PASSWORD, USERNAME } from './dto/user.dto.js';
import type { CreateUserDto, ListUsersQuery, MembershipDto, UpdateUserDto } from './dto/user.dto.js';
import { OrgAdminService, reasonOf } from './org-admin.service.js';
import type { ImportResult } from './org-admin.service.js';
import { OrgService } from './org.service.js';
import { PersonalDataService } from './personal-data.service.js';
import { SessionService } from './session.service.js';
import { TenantService } from './tenant.service.js';
import type { TenantView } from './tenant.service.js';
import { roleName, roleRefusal, VariantCatalogService } from './variant-catalog.service.js';
import type { TenantCatalog } from './variant-catalog.service.js';
import { isUuid } from '../common/ids.js';
import { msg } from '../common/messages/message-catalogue.js';

/** A membership as the API shows it. */
export interface MembershipView {
  orgId: string;
  orgName: string;
  orgLevel: string;
  role: string;
  roleName: string;
}

/** A user in lists: no personal data (profile). */
export interface UserListItem {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  tenantId: string | null;
  isSuperadmin: boolean;
  isActive: boolean;
  memberships: MembershipView[];
}

/** A user with its profile (every answer carrying it is logged in `personal_data_access`). */
export interface UserDetail extends UserListItem {
  profile: Record<string, unknown>;
  createdAt: string;
}

/** The signed-in user as login and `GET /api/auth/me` show it. */
export interface SessionUserView {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  tenant: { id: string; key: string; name: string; timeZone: string } | null;
  isSuperadmin: boolean;
  /** `admin` at a root organisation: administers the tenant as a whole (deploys, designer, reference lists). */
  isTenantAdmin: boolean;
  /** May design the tenant's regulation (drafts, deployments, reference lists, the sandbox): a tenant administrator, or `designer` at a root organisation. */
  canDesign: boolean;
  /** `admin` at some organisation: administers the people and organisations of that branch. */
  isBranchAdmin: boolean;
  memberships: MembershipView[];
  /** The same as `memberships`, under the name the web app reads. */
  roles: MembershipView[];
}

/** Who is asking and from where, for the personal-data log. */
export interface RequestOrigin {
  endpoint: string;
  ip: string | null;
}

interface RawMembership {
  orgId: string;
  orgName: string;
  orgLevel: string;
  orgPath: string;
  orgActive: boolean;
  role: string;
}

const MEMBERSHIPS = `coalesce((SELECT json_agg(json_build_object('orgId', m.org_id, 'orgName', o.name, 'orgLevel', o.level, 'orgPath', o.path,
    'orgActive', o.is_active, 'role', m.role) ORDER BY o.path, m.role)
  FROM membership m JOIN organization o ON o.id = m.org_id WHERE m.user_id = u.id), '[]'::json) AS memberships`;

const LIST_COLUMNS = `u.id, u.username, u.full_name AS "fullName", u.email, u.tenant_id AS "tenantId", u.is_superadmin AS "isSuperadmin",
  u.is_active AS "isActive", ${MEMBERSHIPS}`;

/** Users of the tenants: create (one or by CSV), list, read (logged), change, deactivate. */
/** Turns a password into the stored hash (argon2 by default). */
export type PasswordHasher = (password: string) => Promise<string>;

@Injectable()
export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly tenants: TenantService,
    private readonly orgs: OrgService,
    private readonly orgAdmin: OrgAdminService,
    private readonly catalog: VariantCatalogService,
    private readonly sessions: SessionService,
    private readonly personal: PersonalDataService,
  ) {}

  private async catalogs(tenantIds: (string | null)[]): Promise<Map<string, TenantCatalog>> {
    const out = new Map<string, TenantCatalog>();
    for (const t of new Set(tenantIds)) if (t) out.set(t, await this.catalog.forTenant(t));
    return out;
  }

  private memberships(raw: RawMembership[], cat: TenantCatalog | undefined): MembershipView[] {
    return raw.map((m) => ({ orgId: m.orgId, orgName: m.orgName, orgLevel: m.orgLevel, role: m.role, roleName: roleName(cat, m.role) }));
  }

  /** The user as login and `/auth/me` answer it (memberships at active organisations only). */
  async sessionUser(userId: string): Promise<SessionUserView> {
    const [r] = await this.ds.query(
      `SELECT u.id, u.username, u.full_name, u.email, u.is_superadmin, t.id AS t_id, t.key AS t_key, t.name AS t_name, t.time_zone AS t_tz, ${MEMBERSHIPS}
         FROM app_user u LEFT JOIN tenant t ON t.id = u.tenant_id WHERE u.id = $1`,
      [userId],
    );
    const cat = r.t_id ? await this.catalog.forTenant(r.t_id) : undefined;
    const active = (r.memberships as RawMembership[]).filter((m) => m.orgActive);
    const ms = this.memberships(active, cat);
    return {
      id: r.id,
      username: r.username,
      fullName: r.full_name,
      email: r.email,
      tenant: r.t_id ? { id: r.t_id, key: r.t_key, name: r.t_name, timeZone: r.t_tz } : null,
      isSuperadmin: r.is_superadmin,
      isTenantAdmin: active.some((m) => m.role === 'admin' && isRootPath(m.orgPath)),
      canDesign: active.some((m) => (m.role === 'admin' || m.role === 'designer') && isRootPath(m.orgPath)),
      isBranchAdmin: active.some((m) => m.role === 'admin'),
      memberships: ms,
      roles: ms,
    };
  }

  /** Whether `user` administers the user whose memberships are `raw` (same tenant checked by the caller). */
  private administers(user: AuthUser, raw: RawMembership[]): boolean {
    if (user.isSuperadmin) return true;
    const paths = this.access.adminOrgPaths(user);
    if (!paths.length) return false;
    // A user without memberships belongs to the admins of the tenant's roots.
    if (!raw.length) return paths.some((p) => p.split('/').filter(Boolean).length === 1);
    return raw.some((m) => paths.some((p) => m.orgPath.startsWith(p)));
  }

  /**
   * Loads a user the caller may administer (or, with `selfOk`, is): a user of another tenant, a
   * missing one, or one outside the caller's subtrees is a 404, without a hint that it exists.
   */
  private async loadAccessible(user: AuthUser, id: string, selfOk: boolean, m: EntityManager = this.ds.manager) {
    const notFound = new NotFoundException(msg('user.notFound', { id }));
    if (!isUuid(id)) throw notFound;
    const [r] = await m.query(`SELECT ${LIST_COLUMNS}, u.profile, u.created_at AS "createdAt" FROM app_user u WHERE u.id = $1`, [id]);
    if (!r) throw notFound;
    const isSelf = r.id === user.id;
    if (!(selfOk && isSelf)) {
      if (!user.isSuperadmin && (r.tenantId !== user.tenantId || r.isSuperadmin)) throw notFound;
      if (!this.administers(user, r.memberships)) throw notFound;
    }
    return r as Omit<UserDetail, 'memberships'> & { memberships: RawMembership[] };
  }

  private async detail(actor: AuthUser, id: string, origin: RequestOrigin, m: EntityManager): Promise<UserDetail> {
    const [r] = await m.query(`SELECT ${LIST_COLUMNS}, u.profile, u.created_at AS "createdAt" FROM app_user u WHERE u.id = $1`, [id]);
    const cats = await this.catalogs([r.tenantId]);
    await this.personal.record(actor, r.id, r.tenantId, origin.endpoint, origin.ip, m);
    return { ...r, memberships: this.memberships(r.memberships, cats.get(r.tenantId)) };
  }

  /** One user with its profile; the read is logged. Self, the superadmin and the user's admins may. */
  async get(user: AuthUser, id: string, origin: RequestOrigin): Promise<UserDetail> {
    await this.loadAccessible(user, id, true);
    return this.ds.transaction((m) => this.detail(user, id, origin, m));
  }

  /**
   * Users without profiles, by tenant, organisation subtree, role and text. The superadmin sees
   * all; an `admin` or `supervisor` sees the users with a membership in its subtrees.
   */
  async list(user: AuthUser, q: ListUsersQuery): Promise<{ items: UserListItem[]; total: number; page: number; size: number }> {
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (q.tenant || !user.isSuperadmin) {
      const t = await this.tenants.resolveFor(user, q.tenant);
      where.push(`u.tenant_id = ${add(t.id)}`);
    }
    if (!user.isSuperadmin) {
      const paths = this.access.supervisedOrgPaths(user);
      if (!paths.length) throw new ForbiddenException(msg('user.listForbidden'));
      where.push(`EXISTS (SELECT 1 FROM membership m JOIN organization o ON o.id = m.org_id
        WHERE m.user_id = u.id AND o.path LIKE ANY(${add(paths.map((p) => `${p}%`))}::text[]))`);
    }
    if (q.orgId) {
      const org = await this.orgs.get(q.orgId);
      if (!org) throw new NotFoundException(msg('org.notFound', { id: q.orgId }));
      this.access.assertTenantAccess(user, org.tenantId, msg('org.notFound', { id: q.orgId }));
      where.push(`EXISTS (SELECT 1 FROM membership m JOIN organization o ON o.id = m.org_id
        WHERE m.user_id = u.id AND o.path LIKE ${add(`${org.path}%`)}${q.role ? ` AND m.role = ${add(q.role)}` : ''})`);
    } else if (q.role) {
      where.push(`EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.role = ${add(q.role)})`);
    }
    if (q.q) {
      const p = add(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(u.username ILIKE ${p} OR u.full_name ILIKE ${p})`);
    }
    const rows = await this.ds.query(
      `SELECT ${LIST_COLUMNS}, count(*) OVER () AS total FROM app_user u
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY u.full_name, u.username LIMIT ${add(size)} OFFSET ${add((page - 1) * size)}`,
      args,
    );
    const cats = await this.catalogs(rows.map((r: UserListItem) => r.tenantId));
    const items = rows.map(({ total: _t, ...r }: UserListItem & { total: string }) => ({
      ...r,
      memberships: this.memberships(r.memberships as unknown as RawMembership[], r.tenantId ? cats.get(r.tenantId) : undefined),
    }));
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      // LIMIT and OFFSET were the last two parameters.
      const [c] = await this.ds.query(`SELECT count(*)::int AS n FROM app_user u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, args.slice(0, -2));
      total = c.n;
    }
    return { items, total, page, size };
  }

  /**
   * Checks memberships for a user of `tenant` and returns them deduplicated: the organisation
   * must be an active one of the tenant that the caller administers; the role a system role or a
   * declared one living at the organisation's level. Throws a 400 naming the membership.
   */
  private async checkMemberships(m: EntityManager, user: AuthUser, tenant: TenantView, cat: TenantCatalog, list: MembershipDto[]) {
    const out: { orgId: string; role: string; orgPath: string }[] = [];
    for (const [i, ms] of list.entries()) {
      const field = `memberships.${i}`;
      const org = await this.orgs.get(ms.orgId, m);
      if (!org || org.tenantId !== tenant.id) {
        throw new BadRequestException({ message: msg('user.orgNotInTenant', { field, n: i + 1, id: ms.orgId, tenant: tenant.key }), fields: { [`${field}.orgId`]: [msg('user.orgNotInTenantField')] } });
      }
      if (!org.isActive) throw new BadRequestException({ message: msg('user.orgDeactivated', { field, n: i + 1, name: org.name }), fields: { [`${field}.orgId`]: [msg('user.orgDeactivatedField')] } });
      if (!this.access.canAdminPath(user, org.path)) throw new ForbiddenException(msg('org.notAdmin', { name: org.name }));
      const refusal = roleRefusal(cat, ms.role, org.level, org.path);
      if (refusal) throw new BadRequestException({ message: msg('user.roleRefused', { field, n: i + 1, refusal }), fields: { [`${field}.role`]: [refusal] } });
      if (!out.some((o) => o.orgId === org.id && o.role === ms.role)) out.push({ orgId: org.id, role: ms.role, orgPath: org.path });
    }
    return out;
  }

  private async assertUsernameFree(m: EntityManager, username: string): Promise<void> {
    const rows = await m.query(`SELECT 1 FROM app_user WHERE lower(username) = lower($1)`, [username]);
    if (rows.length) throw new ConflictException({ message: msg('user.usernameTaken', { username }), fields: { username: [msg('user.usernameTakenField')] } });
  }

  /** 400 naming every profile key the tenant's variants do not declare or whose value has the wrong type. */
  private async checkProfile(m: EntityManager, tenantId: string, profile: Record<string, unknown>): Promise<void> {
    const problems = profileProblems(await loadProfileFields(m, tenantId), profile);
    if (problems.length) {
      throw new BadRequestException({ message: msg('user.profileInvalid', { problems }), fields: { profile: problems } });
    }
  }

  /**
   * Creates a user inside `m`; returns its id. See {@link UserService.create} for the rules.
   * `hashPassword` replaces argon2 hashing (imports hash the file's passwords in parallel first).
   */
  async createIn(m: EntityManager, user: AuthUser, tenant: TenantView, cat: TenantCatalog, dto: CreateUserDto, hashPassword: PasswordHasher = (p) => argon2.hash(p)): Promise<string> {
    if (!tenant.isActive) throw new BadRequestException(msg('tenant.deactivated', { key: tenant.key }));
    if (!user.isSuperadmin && !dto.memberships.length) {
      throw new BadRequestException({ message: msg('user.membershipsRequired'), fields: { memberships: [msg('user.membershipsRequiredField')] } });
    }
    const ms = await this.checkMemberships(m, user, tenant, cat, dto.memberships);
    if (dto.profile) await this.checkProfile(m, tenant.id, dto.profile);
    await this.assertUsernameFree(m, dto.username);
    const hash = await hashPassword(dto.password);
    const [row] = await m
      .query(`INSERT INTO app_user (tenant_id, username, password_hash, full_name, email, profile) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
        tenant.id,
        dto.username,
        hash,
        dto.fullName.trim(),
        dto.email ?? null,
        JSON.stringify(dto.profile ?? {}),
      ])
      .catch((e: { code?: string }) => {
        // A concurrent create of the same username.
        if (e.code === '23505') throw new ConflictException({ message: msg('user.usernameTaken', { username: dto.username }), fields: { username: [msg('user.usernameTakenField')] } });
        throw e;
      });
    for (const x of ms) await m.query(`INSERT INTO membership (user_id, org_id, role) VALUES ($1, $2, $3)`, [row.id, x.orgId, x.role]);
    return row.id;
  }

  /**
   * Creates a user of a tenant (the caller's own by default). Memberships: organisations of the
   * tenant that the caller administers; roles system or declared at the organisation's level.
   * `hashPassword` replaces argon2 hashing of the password (the demo loader hashes each demo password once).
   */
  async create(user: AuthUser, dto: CreateUserDto, origin: RequestOrigin, hashPassword?: PasswordHasher): Promise<UserDetail> {
    const tenant = await this.tenants.resolveFor(user, dto.tenant);
    const cat = await this.catalog.forTenant(tenant.id);
    return this.ds.transaction(async (m) => {
      const id = await this.createIn(m, user, tenant, cat, dto, hashPassword);
      return this.detail(user, id, origin, m);
    });
  }

  /**
   * Changes a user. Self may change name, e-mail, password and profile; its administrators also
   * the memberships: the given list replaces the memberships at organisations the caller
   * administers (others stay). A new password ends the user's other sessions.
   */
  async update(user: AuthUser, id: string, dto: UpdateUserDto, origin: RequestOrigin & { sessionId?: string }): Promise<UserDetail> {
    return this.ds.transaction(async (m) => {
      const target = await this.loadAccessible(user, id, true, m);
      const isSelf = target.id === user.id;
      const isAdmin = user.isSuperadmin || (target.tenantId === user.tenantId && this.administers(user, target.memberships));
      const sets: string[] = [];
      const args: unknown[] = [id];
      const set = (col: string, v: unknown) => {
        args.push(v);
        sets.push(`${col} = $${args.length}`);
      };
      if (dto.fullName !== undefined) set('full_name', dto.fullName.trim());
      if (dto.email !== undefined) set('email', dto.email); // null clears it
      if (dto.profile !== undefined) {
        if (target.tenantId && dto.profile) await this.checkProfile(m, target.tenantId, dto.profile);
        set('profile', JSON.stringify(dto.profile));
      }
      if (dto.password !== undefined) set('password_hash', await argon2.hash(dto.password));
      if (sets.length) await m.query(`UPDATE app_user SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, args);
      if (dto.memberships !== undefined) {
        if (!isAdmin || (isSelf && !user.isSuperadmin && !this.administers(user, target.memberships))) {
          throw new ForbiddenException(msg('user.membershipsByAdminOnly'));
        }
        if (!target.tenantId) throw new BadRequestException(msg('user.superadminNoMemberships'));
        const tenant = (await this.tenants.find(target.tenantId, m))!;
        const cat = await this.catalog.forTenant(tenant.id);
        const ms = await this.checkMemberships(m, user, tenant, cat, dto.memberships);
        const mine = target.memberships.filter((x) => this.access.canAdminPath(user, x.orgPath));
        for (const x of mine) await m.query(`DELETE FROM membership WHERE user_id = $1 AND org_id = $2 AND role = $3`, [id, x.orgId, x.role]);
        for (const x of ms) {
          await m.query(`INSERT INTO membership (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, x.orgId, x.role]);
        }
      }
      if (dto.password !== undefined) {
        await m.query(
          `UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
          [id, isSelf ? (origin.sessionId ?? null) : null],
        );
      }
      return this.detail(user, id, origin, m);
    });
  }

  /** Deactivates a user (its administrators): it cannot sign in, and its sessions end at once. */
  async deactivate(user: AuthUser, id: string): Promise<UserListItem> {
    if (id === user.id) throw new BadRequestException(msg('user.cannotDeactivateSelf'));
    const target = await this.loadAccessible(user, id, false);
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE app_user SET is_active = false, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [id]);
      await m.query(`UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    });
    const cats = await this.catalogs([target.tenantId]);
    const { profile: _p, createdAt: _c, ...rest } = target;
    return { ...rest, isActive: false, memberships: this.memberships(target.memberships, target.tenantId ? cats.get(target.tenantId) : undefined) };
  }

  /**
   * Imports users from CSV (`username;fullName;email;password;org;role`; org an id or a name
   * path). A username repeated on a later row adds a membership to the user made by the earlier
   * row. Valid rows are written in one transaction; refused rows come back with the reason.
   */
  async importCsv(user: AuthUser, tenantRef: string | undefined, csv: string): Promise<ImportResult> {
    const tenant = await this.tenants.resolveFor(user, tenantRef);
    let rows;
    try {
      rows = parseCsv(csv, ['username', 'fullname', 'email', 'password', 'org', 'role']);
    } catch (e) {
      throw new BadRequestException(csvProblem(e));
    }
    const cat = await this.catalog.forTenant(tenant.id);
    const result: ImportResult = { created: 0, refused: [] };
    const made = new Map<string, string>();
    await this.ds.transaction(async (m) => {
      for (const r of rows) {
        const c = r.cells;
        await m.query('SAVEPOINT user_row');
        try {
          if (!c.org) throw new BadRequestException(msg('user.orgEmpty'));
          if (!c.role) throw new BadRequestException(msg('user.roleEmpty'));
          const orgId = await this.orgAdmin.resolveOrgRef(m, tenant.id, c.org);
          const existing = made.get(c.username.toLowerCase());
          if (existing) {
            const [ms] = await this.checkMemberships(m, user, tenant, cat, [{ orgId, role: c.role }]);
            await m.query(`INSERT INTO membership (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [existing, ms.orgId, ms.role]);
          } else {
            if (!USERNAME.test(c.username)) throw new BadRequestException(msg('user.usernameInvalid', { username: c.username }));
            if (c.password.length < MIN_PASSWORD) throw new BadRequestException(msg('user.passwordShort', { min: MIN_PASSWORD }));
            if (!c.fullname) throw new BadRequestException(msg('user.fullNameEmpty'));
            if (c.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) throw new BadRequestException(msg('user.emailInvalid', { email: c.email }));
            const id = await this.createIn(m, user, tenant, cat, {
              username: c.username,
              fullName: c.fullname,
              email: c.email || undefined,
              password: c.password,
              memberships: [{ orgId, role: c.role }],
            });
            made.set(c.username.toLowerCase(), id);
            result.created++;
          }
          await m.query('RELEASE SAVEPOINT user_row');
        } catch (e) {
          await m.query('ROLLBACK TO SAVEPOINT user_row');
          result.refused.push({ row: r.row, reason: reasonOf(e) });
        }
      }
    });
    return result;
  }
}
