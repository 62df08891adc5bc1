import { randomUUID } from 'node:crypto';
import { BadRequestException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { loadProfileFields, profileProblems } from '../profile-fields.js';
import type { ProfileField } from '../profile-fields.js';
import { AccessService } from '../access.service.js';
import type { AuthUser } from '../auth-user.types.js';
import { MIN_PASSWORD, USERNAME } from '../dto/user.dto.js';
import { OrgAdminService, reasonOf } from '../org-admin.service.js';
import { OrgService } from '../org.service.js';
import { SYSTEM_ROLES } from '../system-roles.js';
import { TenantService } from '../tenant.service.js';
import type { TenantView } from '../tenant.service.js';
import { UserService } from '../user.service.js';
import { roleRefusal, VariantCatalogService } from '../variant-catalog.service.js';
import type { TenantCatalog } from '../variant-catalog.service.js';
import { ImportFileError, readTable } from './table-reader.js';
import type { ImportEncoding, ImportTable } from './table-reader.js';
import { isLocalizedMessage, msg, render } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../../common/messages/message-catalogue.js';
import { isUuid } from '../../common/ids.js';

/** What an import makes. */
export type ImportKind = 'organizations' | 'users';

/** One refused row: its line in the file (header = 1) and why, in Russian. */
export interface RefusedRow {
  row: number;
  reason: string;
}

/** An import as the API shows it (`GET /api/imports/:id`). */
export interface ImportView {
  id: string;
  kind: ImportKind;
  fileName: string | null;
  /** `running`; `done` (every row written); `refused` (some rows refused: nothing written); `failed` (an error of the server). */
  state: 'running' | 'done' | 'refused' | 'failed';
  /** `passwords` (hashing), `writing`, `finished`. */
  stage: string;
  format: string | null;
  encoding: string | null;
  total: number;
  done: number;
  created: number;
  refused: RefusedRow[];
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Column names accepted for each field (lower case; the first is the canonical one). */
const COLUMNS: Record<ImportKind, Record<string, { names: string[]; required: boolean }>> = {
  organizations: {
    name: { names: ['name', 'название', 'наименование'], required: true },
    level: { names: ['level', 'уровень'], required: true },
    parent: { names: ['parent', 'родитель', 'вышестоящая', 'вышестоящая организация'], required: false },
  },
  users: {
    username: { names: ['username', 'логин'], required: true },
    fullName: { names: ['fullname', 'фио', 'полное имя'], required: true },
    email: { names: ['email', 'e-mail', 'почта', 'электронная почта'], required: false },
    password: { names: ['password', 'пароль'], required: true },
    org: { names: ['org', 'организация'], required: true },
    role: { names: ['role', 'роль'], required: true },
  },
};

/** Largest file accepted (bytes). */
const MAX_BYTES = 4 * 1024 * 1024;
/** Largest number of data rows. */
const MAX_ROWS = 20_000;

/** A refusal of one row, with its Russian reason. */
class RowRefusal extends Error {}
/** Thrown to roll the import's transaction back when rows were refused. */
class Refused extends Error {}

/**
 * Imports organisations or users from a CSV (UTF-8 or Windows-1251, told apart or chosen) or XLSX
 * file. All or nothing: every row is checked inside one transaction (a savepoint per row, so every
 * refusal is found and reported with its line); if any row is refused, the transaction rolls back
 * and nothing is written. The import runs in the background; its progress and report are kept in
 * `identity_import` and read with `GET /api/imports/:id`.
 */
@Injectable()
export class IdentityImportService {
  private readonly logger = new Logger('Import');

  constructor(
    private readonly ds: DataSource,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(VariantCatalogService) private readonly catalog: VariantCatalogService,
    @Inject(OrgAdminService) private readonly orgAdmin: OrgAdminService,
    @Inject(OrgService) private readonly orgs: OrgService,
    @Inject(UserService) private readonly users: UserService,
  ) {}

  private async tenantFor(user: AuthUser, ref: string | undefined): Promise<TenantView> {
    if (!ref && !user.tenantId) throw new BadRequestException(msg('import.tenantRequired'));
    let tenant: TenantView;
    try {
      tenant = await this.tenants.resolveFor(user, ref);
    } catch {
      throw new NotFoundException(msg('tenant.notFound', { ref }));
    }
    if (!this.access.isTenantAdmin(user, tenant.id)) throw new ForbiddenException(msg('import.adminsOnly'));
    if (!tenant.isActive) throw new BadRequestException(msg('tenant.deactivated', { key: tenant.key }));
    return tenant;
  }

  /** Checks the file and starts the import; answers at once with its view (state `running`). */
  async start(user: AuthUser, req: { tenant?: string; kind: ImportKind; fileName?: string; content: string; encoding?: ImportEncoding | 'auto' }): Promise<ImportView> {
    const tenant = await this.tenantFor(user, req.tenant);
    const bytes = Buffer.from(req.content, 'base64');
    if (bytes.length > MAX_BYTES) throw new BadRequestException(msg('import.fileTooLarge', { mb: MAX_BYTES / 1024 / 1024 }));
    let table: ImportTable;
    try {
      table = await readTable(bytes, req.fileName, req.encoding ?? 'auto');
    } catch (e) {
      if (e instanceof ImportFileError) throw new BadRequestException(e.problem);
      throw e;
    }
    if (table.rows.length > MAX_ROWS) throw new BadRequestException(msg('import.tooManyRows', { rows: table.rows.length, max: MAX_ROWS }));
    const cat = await this.catalog.forTenant(tenant.id);
    if (!cat.hasVariants) throw new BadRequestException(msg('import.noVariant', { key: tenant.key }));
    const fields = req.kind === 'users' ? await loadProfileFields(this.ds, tenant.id) : [];
    const columns = this.mapColumns(req.kind, table.header, fields);
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO identity_import (id, tenant_id, kind, file_name, state, stage, format, encoding, total, created_by)
       VALUES ($1, $2, $3, $4, 'running', 'checking', $5, $6, $7, $8)`,
      [id, tenant.id, req.kind, req.fileName ?? null, table.format, table.encoding, table.rows.length, user.id]);
    void this.run(id, user, tenant, cat, req.kind, table, columns, fields).catch((e: Error) => this.logger.error(`import ${id}: ${e.message}`));
    return this.get(user, id);
  }

  /** Which column holds which field; refuses missing, repeated and unknown columns, naming them. */
  private mapColumns(kind: ImportKind, header: string[], fields: ProfileField[]): Map<string, number> {
    const byName = new Map<string, string>();
    for (const [field, c] of Object.entries(COLUMNS[kind])) for (const n of c.names) byName.set(n, field);
    for (const f of fields) {
      byName.set(f.key.toLowerCase(), `profile.${f.key}`);
      byName.set(f.name.toLowerCase(), `profile.${f.key}`);
    }
    const out = new Map<string, number>();
    const unknown: string[] = [];
    const unnamed: number[] = [];
    const repeated: string[] = [];
    header.forEach((h, i) => {
      const field = byName.get(h.toLowerCase().replace(/\s+/g, ' '));
      if (!field && !h) unnamed.push(i + 1);
      else if (!field) unknown.push(h);
      else if (out.has(field)) repeated.push(h);
      else out.set(field, i);
    });
    const missing = Object.entries(COLUMNS[kind]).filter(([f, c]) => c.required && !out.has(f)).map(([, c]) => `«${c.names[1]}» (${c.names[0]})`);
    const problems: LocalizedMessage[] = [];
    const names = (list: string[]) => list.map((u) => `«${u}»`).join(', ');
    if (missing.length) problems.push(msg('import.missingColumns', { columns: missing.join(', ') }));
    if (unknown.length) {
      const known = [...Object.values(COLUMNS[kind]).map((c) => c.names[1]), ...fields.map((f) => f.name)];
      problems.push(msg('import.unknownColumns', { columns: names(unknown), known: known.join(', ') }));
    }
    if (unnamed.length) problems.push(msg('import.emptyHeaders', { numbers: unnamed.join(', ') }));
    if (repeated.length) problems.push(msg('import.repeatedColumns', { columns: names(repeated) }));
    if (problems.length) throw new BadRequestException(msg('import.badColumns', { problems }));
    return out;
  }

  private async progress(id: string, stage: string, done: number): Promise<void> {
    await this.ds.query(`UPDATE identity_import SET stage = $2, done = $3 WHERE id = $1`, [id, stage, done]);
  }

  private async run(id: string, user: AuthUser, tenant: TenantView, cat: TenantCatalog, kind: ImportKind, table: ImportTable,
    columns: Map<string, number>, fields: ProfileField[]): Promise<void> {
    const cell = (r: { cells: string[] }, field: string) => (columns.has(field) ? (r.cells[columns.get(field)!] ?? '').trim() : '');
    const refused: RefusedRow[] = [];
    let created = 0;
    try {
      // Passwords are hashed first, several at a time (argon2 works in the thread pool): it is most of the time.
      const hashes = new Map<number, string>();
      if (kind === 'users') {
        let done = 0;
        const queue = table.rows.filter((r) => cell(r, 'password').length >= MIN_PASSWORD);
        const worker = async () => {
          for (let r = queue.shift(); r; r = queue.shift()) {
            hashes.set(r.row, await argon2.hash(cell(r, 'password')));
            if (++done % 10 === 0) await this.progress(id, 'passwords', done);
          }
        };
        await Promise.all(Array.from({ length: 4 }, worker));
        await this.progress(id, 'passwords', done);
      }
      const made = new Map<string, string>();
      await this.ds.transaction(async (m) => {
        let done = 0;
        for (const r of table.rows) {
          await m.query('SAVEPOINT import_row');
          try {
            if (r.cells.length > table.header.length) throw new RowRefusal(`в строке ${r.cells.length} значений, а столбцов в заголовке ${table.header.length}`);
            if (kind === 'organizations') await this.organizationRow(m, user, tenant, cat, (f) => cell(r, f));
            else await this.userRow(m, user, tenant, cat, fields, (f) => cell(r, f), hashes.get(r.row), made);
            await m.query('RELEASE SAVEPOINT import_row');
            created++;
          } catch (e) {
            await m.query('ROLLBACK TO SAVEPOINT import_row');
            refused.push({ row: r.row, reason: rowReason(e) });
          }
          if (++done % 10 === 0) await this.progress(id, 'writing', done);
        }
        // never half-imported: one refused row and nothing is written
        if (refused.length) throw new Refused();
      });
      await this.ds.query(
        `UPDATE identity_import SET state = 'done', stage = 'finished', done = total, created = $2, finished_at = now() WHERE id = $1`, [id, created]);
    } catch (e) {
      if (e instanceof Refused) {
        await this.ds.query(
          `UPDATE identity_import SET state = 'refused', stage = 'finished', done = total, created = 0, refused = $2, finished_at = now(),
             message = $3 WHERE id = $1`,
          [id, JSON.stringify(refused.slice(0, 5000)), `Отклонено строк: ${refused.length} из ${table.rows.length}. Ничего не записано: исправьте эти строки и загрузите файл снова`]);
        return;
      }
      this.logger.error(`import ${id} failed: ${(e as Error).stack ?? e}`);
      await this.ds.query(`UPDATE identity_import SET state = 'failed', stage = 'finished', finished_at = now(), message = $2 WHERE id = $1`,
        [id, 'Внутренняя ошибка сервера: ничего не записано; подробности в журнале сервера']);
    }
  }

  private levelOf(cat: TenantCatalog, value: string): string {
    const level = cat.levels.find((l) => l.toLowerCase() === value.toLowerCase());
    if (!level) throw new RowRefusal(`уровень «${value}» не объявлен вариантом (уровни: ${cat.levels.join(', ')})`);
    return level;
  }

  private async orgRef(m: EntityManager, tenantId: string, ref: string): Promise<string> {
    try {
      return await this.orgAdmin.resolveOrgRef(m, tenantId, ref);
    } catch (e) {
      const why = reasonOf(e);
      throw new RowRefusal(isLocalizedMessage(why) && why.$msg === 'org.pathAmbiguous'
        ? `организация «${ref}» указана неоднозначно: таких несколько`
        : `организация «${ref}» не найдена (укажите путь от корня через «/», например «Регион/Район/Школа», или идентификатор)`);
    }
  }

  private async organizationRow(m: EntityManager, user: AuthUser, tenant: TenantView, cat: TenantCatalog, cell: (f: string) => string): Promise<void> {
    const name = cell('name');
    if (!name) throw new RowRefusal('не указано название');
    const level = this.levelOf(cat, cell('level'));
    const parentRef = cell('parent');
    const parentId = parentRef ? await this.orgRef(m, tenant.id, parentRef) : null;
    if (!parentId && !user.isSuperadmin) throw new RowRefusal('не указана вышестоящая организация: корневые организации создаёт только суперадминистратор');
    if (parentId) {
      const parent = await this.orgs.get(parentId, m);
      if (parent && !this.access.canAdminPath(user, parent.path)) throw new RowRefusal(`вы не администрируете организацию «${parent.name}»`);
    }
    await this.orgAdmin.createIn(m, user, tenant, cat, name, level, parentId);
  }

  private roleOf(cat: TenantCatalog, value: string, org: { level: string; path: string }): string {
    const orgLevel = org.level;
    const v = value.toLowerCase();
    const system = (Object.entries(SYSTEM_ROLES) as [string, string][]).find(([k, n]) => k === v || n.toLowerCase() === v);
    if (system) {
      const refusal = roleRefusal(cat, system[0], org.level, org.path);
      if (refusal) throw new RowRefusal(render(refusal, 'ru'));
      return system[0];
    }
    const matches = cat.roles.filter((r) => r.key.toLowerCase() === v || r.name.toLowerCase() === v);
    if (!matches.length) {
      throw new RowRefusal(`роль «${value}» не объявлена вариантом (роли: ${[...new Set(cat.roles.map((r) => r.name))].join(', ')}, ${Object.values(SYSTEM_ROLES).join(', ')})`);
    }
    const here = matches.find((r) => r.level === orgLevel);
    if (!here) throw new RowRefusal(`роль «${value}» бывает на уровне «${matches.map((r) => r.level).join('» или «')}», а организация — уровня «${orgLevel}»`);
    return here.key;
  }

  private async userRow(m: EntityManager, user: AuthUser, tenant: TenantView, cat: TenantCatalog, fields: ProfileField[], cell: (f: string) => string,
    hash: string | undefined, made: Map<string, string>): Promise<void> {
    const username = cell('username');
    if (!username) throw new RowRefusal('не указан логин');
    if (!cell('org')) throw new RowRefusal('не указана организация');
    if (!cell('role')) throw new RowRefusal('не указана роль');
    const orgId = await this.orgRef(m, tenant.id, cell('org'));
    const org = (await this.orgs.get(orgId, m))!;
    if (!this.access.canAdminPath(user, org.path)) throw new RowRefusal(`вы не администрируете организацию «${org.name}»`);
    const role = this.roleOf(cat, cell('role'), org);
    const earlier = made.get(username.toLowerCase());
    if (earlier) {
      // the same login again: one more role for the user of the earlier row
      await m.query(`INSERT INTO membership (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [earlier, orgId, role]);
      return;
    }
    if (!USERNAME.test(username)) throw new RowRefusal(`логин «${username}»: от 3 до 64 латинских букв, цифр и знаков . _ - @`);
    const [taken] = await m.query(`SELECT 1 FROM app_user WHERE lower(username) = lower($1)`, [username]);
    if (taken) throw new RowRefusal(`логин «${username}» уже занят`);
    const fullName = cell('fullName');
    if (!fullName) throw new RowRefusal('не указаны ФИО');
    const email = cell('email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new RowRefusal(`«${email}» — не адрес электронной почты`);
    if (cell('password').length < MIN_PASSWORD) throw new RowRefusal(`пароль короче ${MIN_PASSWORD} символов`);
    const profile: Record<string, unknown> = {};
    for (const f of fields) {
      const raw = cell(`profile.${f.key}`);
      if (!raw) continue;
      profile[f.key] = f.type === 'number' ? Number(raw.replace(',', '.')) : f.type === 'date' ? toIsoDate(raw) : raw;
    }
    const problems = profileProblems(fields, profile, 'ДД.ММ.ГГГГ');
    if (problems.length) throw new RowRefusal(`анкета: ${problems.map((p) => render(p, 'ru')).join('; ')}`);
    const id = await this.users.createIn(m, user, tenant, cat, {
      username, fullName, email: email || undefined, password: cell('password'), memberships: [{ orgId, role }],
      ...(Object.keys(profile).length ? { profile } : {}),
    } as never, hash ? () => Promise.resolve(hash) : undefined);
    made.set(username.toLowerCase(), id);
  }

  /** `GET /api/imports/:id`: the caller's tenant's imports only. */
  async get(user: AuthUser, id: string): Promise<ImportView> {
    const [r] = isUuid(id) ? await this.ds.query(`SELECT * FROM identity_import WHERE id = $1`, [id]) : [];
    if (!r || !this.access.isTenantAdmin(user, r.tenant_id)) throw new NotFoundException(msg('import.notFound', { id }));
    return {
      id: r.id, kind: r.kind, fileName: r.file_name, state: r.state, stage: r.stage, format: r.format, encoding: r.encoding,
      total: r.total, done: r.done, created: r.created, refused: r.refused, message: r.message,
      createdAt: new Date(r.created_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    };
  }
}

/** `31.12.1980` or `1980-12-31` → `1980-12-31` (anything else is left for the profile check to refuse). */
function toIsoDate(raw: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : raw;
}

/** The Russian reason of a refused row (the report is stored, and read in Russian): the catalogue's text, lower-cased first. */
function rowReason(e: unknown): string {
  if (e instanceof RowRefusal) return e.message;
  const why = reasonOf(e);
  const text = typeof why === 'string' ? why : render(why, 'ru');
  return text.charAt(0).toLowerCase() + text.slice(1);
}
