import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { OrgAdminService } from '../identity/org-admin.service.js';
import { TenantService } from '../identity/tenant.service.js';
import { isSystemRole } from '../identity/system-roles.js';
import { VariantCatalogService } from '../identity/variant-catalog.service.js';
import { DeployCommand } from '../runtime/definitions/deploy.command.js';
import { SeedService } from '../seed/seed.service.js';
import { DemoPlayer } from './demo-player.js';
import { planDemo } from './demo-plan.js';
import { DemoStore } from './demo.store.js';
import { readVariantFolders } from './variant-folder.js';
import type { DemoFile, VariantFolder } from './variant-folder.js';

/** Time zone of a tenant made for a variant folder that has no `demo.json` and names none. */
const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/**
 * The generic demo loader (runs at start with `DEMO_DATA`): every folder of `PROCESSES_DIR` that
 * holds a `variant.json` is deployed on every start (unchanged files make no new version) to the
 * tenant of its `demo.json` (else a tenant named by the variant key); a tenant created here also
 * gets the demo organisations and people (inserted in bulk, each demo password hashed once) and its
 * routes, played through a year by the runtime's commands ({@link DemoPlayer}). Demo tenants are
 * loaded side by side after every folder is deployed. Nothing here knows any particular variant:
 * everything comes from the folders.
 */
@Injectable()
export class VariantDemoLoader {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SeedService) private readonly seed: SeedService,
    @Inject(DeployCommand) private readonly deploy: DeployCommand,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(OrgAdminService) private readonly orgs: OrgAdminService,
    @Inject(VariantCatalogService) private readonly catalog: VariantCatalogService,
    @Inject(DemoStore) private readonly store: DemoStore,
    @Inject(DemoPlayer) private readonly player: DemoPlayer,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {
    // Registered at construction: the seed runs before the application's init hooks.
    this.seed.addDemoLoader(`regulation variants from ${this.config.processesDir}`, () => this.loadAll());
  }

  /**
   * argon2 is slow by design (about 0.1–1 s a hash): the demo users share a few published demo
   * passwords, so each distinct one is hashed once and its hash reused (argon2 keeps salt and
   * parameters in the hash, so verification is unchanged).
   */
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly hashOnce = (password: string): Promise<string> => {
    let h = this.hashes.get(password);
    if (!h) this.hashes.set(password, (h = argon2.hash(password)));
    return h;
  };

  /** Deploys every variant folder, then loads the demo data of the tenants it created, side by side. */
  async loadAll(): Promise<void> {
    const folders = readVariantFolders(this.config.processesDir);
    const admin = await this.superadmin();
    const report = (folder: VariantFolder, e: unknown) => {
      const detail = (e as { response?: unknown }).response;
      this.logger.error(`variant folder "${folder.name}" was not loaded: ${(e as Error).message}${detail ? ` ${JSON.stringify(detail)}` : ''}`);
    };
    const demos: { folder: VariantFolder; tenantId: string }[] = [];
    for (const folder of folders) {
      try {
        const tenantId = await this.loadFolder(admin, folder);
        if (tenantId) demos.push({ folder, tenantId });
      } catch (e) {
        report(folder, e);
      }
    }
    // Tenants are independent (each on its own demo clock while it loads): their years play at once.
    await Promise.all(demos.map(({ folder, tenantId }) => this.loadDemo(admin, tenantId, folder.demo!).catch((e: unknown) => report(folder, e))));
  }

  private async superadmin(): Promise<AuthUser> {
    const [row] = await this.ds.query(`SELECT id, username, full_name FROM app_user WHERE is_superadmin ORDER BY created_at LIMIT 1`);
    return { id: row.id, username: row.username, fullName: row.full_name, tenantId: null, tenantKey: null, isSuperadmin: true, memberships: [] };
  }

  /** Deploys a folder to its tenant; returns the tenant when it was created here and has demo data to load. */
  private async loadFolder(admin: AuthUser, folder: VariantFolder): Promise<string | undefined> {
    const tenantSpec = folder.demo?.tenant ?? { key: folder.variant.key, name: folder.variant.name, timeZone: folder.variant.timeZone ?? DEFAULT_TIME_ZONE };
    const [existing] = await this.ds.query(`SELECT id FROM tenant WHERE key = $1`, [tenantSpec.key]);
    const tenantId: string = existing?.id ?? (await this.tenants.create(admin, tenantSpec)).id;
    const name = `${folder.name} (${this.config.processesDir})`;
    if (existing && (await this.sameAsLastDeployment(tenantId, name, folder))) {
      this.logger.log(`variant "${folder.name}" → tenant "${tenantSpec.key}": unchanged`);
      return undefined;
    }
    const result = await this.deploy.execute(tenantId, name, folder.resources, admin.id);
    const changed = result.processDefinitions.filter((p) => p.isNew).length + result.forms.filter((f) => f.isNew).length + (result.variant?.isNew ? 1 : 0);
    this.logger.log(`variant "${folder.name}" → tenant "${tenantSpec.key}": ${changed ? `${changed} new version(s)` : 'unchanged'}`);
    return existing || !folder.demo ? undefined : tenantId;
  }

  /** Whether the folder's files are exactly those of the last deployment made from it (no new deployment row then). */
  private async sameAsLastDeployment(tenantId: string, name: string, folder: VariantFolder): Promise<boolean> {
    const rows: { name: string; content_hash: string }[] = await this.ds.query(
      `SELECT r.name, r.content_hash FROM deployment_resource r
       WHERE r.deployment_id = (SELECT id FROM deployment WHERE tenant_id = $1 AND name = $2 ORDER BY created_at DESC LIMIT 1)`,
      [tenantId, name],
    );
    const last = new Map(rows.map((r) => [r.name, r.content_hash]));
    return last.size === folder.resources.length
      && folder.resources.every((r) => last.get(r.name) === createHash('sha256').update(r.content).digest('hex'));
  }

  private async loadDemo(admin: AuthUser, tenantId: string, demo: DemoFile): Promise<void> {
    const t0 = performance.now();
    // the organisations in file order (a parent before its children), in one transaction
    const tenant = await this.tenants.resolveFor(admin, demo.tenant.key);
    const cat = await this.catalog.forTenant(tenantId);
    const org = await this.ds.transaction(async (m) => {
      const made = new Map<string, string>();
      for (const o of demo.organizations) {
        const parentId = o.parent ? made.get(o.parent) : undefined;
        if (o.parent && !parentId) throw new Error(`organisation "${o.ref}": parent "${o.parent}" is not defined above it`);
        made.set(o.ref, await this.orgs.createIn(m, admin, tenant, cat, o.name, o.level, parentId ?? null));
      }
      return made;
    });
    const paths = await this.store.orgPaths(tenantId);
    const people = await Promise.all(demo.users.map(async (u) => ({
      username: u.username, passwordHash: await this.hashOnce(u.password), fullName: u.fullName, email: u.email ?? null, profile: u.profile ?? {},
      memberships: u.memberships.map((m) => {
        const orgId = org.get(m.org);
        if (!orgId) throw new Error(`user "${u.username}": organisation "${m.org}" is not defined`);
        return { orgId, role: m.role };
      }),
    })));
    const declared = new Set(cat.roles.map((r) => r.key));
    for (const p of people) {
      for (const m of p.memberships) {
        if (!declared.has(m.role) && !isSystemRole(m.role)) throw new Error(`user "${p.username}": role "${m.role}" is not declared by the tenant's variants`);
      }
    }
    const ids = await this.store.insertPeople(tenantId, people);
    const users = new Map<string, AuthUser>(people.map((p) => [p.username, {
      id: ids.get(p.username)!, username: p.username, fullName: p.fullName, tenantId, tenantKey: demo.tenant.key, isSuperadmin: false,
      memberships: p.memberships.map((m) => ({ orgId: m.orgId, orgPath: paths.get(m.orgId)!, role: m.role })),
    }]));
    const now = this.clock.now(tenantId);
    const fullNames = new Map(demo.users.map((u) => [u.username, u.fullName]));
    const routes = planDemo(demo.instances ?? [], now, demo.tenant.timeZone, (u) => fullNames.get(u));
    const failed = await this.player.play({ tenantId, users, orgs: org }, routes, now);
    const steps = routes.reduce((n, r) => n + r.steps.length, 0);
    this.logger.log(`demo tenant "${demo.tenant.key}": ${org.size} organisations, ${users.size} users, ${routes.length} routes (${steps} steps${failed ? `, ${failed} failed` : ''}) in ${Math.round(performance.now() - t0)} ms`);
  }
}
