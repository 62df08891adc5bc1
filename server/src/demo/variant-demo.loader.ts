import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import argon2 from 'argon2';
import { Duration } from 'luxon';
import { DataSource } from 'typeorm';
import { ClockService } from '../jobs/clock.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import type { CreateOrganizationDto } from '../identity/dto/organization.dto.js';
import type { CreateUserDto } from '../identity/dto/user.dto.js';
import { OrgAdminService } from '../identity/org-admin.service.js';
import { TenantService } from '../identity/tenant.service.js';
import { UserService } from '../identity/user.service.js';
import { DeployCommand } from '../runtime/definitions/deploy.command.js';
import { validateSubmission } from '../runtime/forms/form-validator.js';
import { EngineService } from '../runtime/instances/engine.service.js';
import { RuntimeEventsService } from '../runtime/instances/runtime-events.service.js';
import { UnitOfWork } from '../runtime/instances/unit-of-work.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import { SeedService } from '../seed/seed.service.js';
import { readVariantFolders } from './variant-folder.js';
import type { DemoFile, VariantFolder } from './variant-folder.js';

/** Time zone of a tenant made for a variant folder that has no `demo.json` and names none. */
const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/**
 * The generic demo loader (runs at start with `DEMO_DATA`): every folder of `PROCESSES_DIR` that
 * holds a `variant.json` is deployed on every start (unchanged files make no new version) to the
 * tenant of its `demo.json` (else a tenant named by the variant key); a tenant created here also
 * gets the demo organisations, users and instances, driven through their steps. Nothing here knows
 * any particular variant: everything comes from the folders.
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
    @Inject(UserService) private readonly users: UserService,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(TenantContextService) private readonly tenantContext: TenantContextService,
    @Inject(RuntimeEventsService) private readonly events: RuntimeEventsService,
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

  /** Deploys every variant folder and loads the demo data of tenants that did not exist yet. */
  async loadAll(): Promise<void> {
    const folders = readVariantFolders(this.config.processesDir);
    const admin = await this.superadmin();
    for (const folder of folders) {
      try {
        await this.loadFolder(admin, folder);
      } catch (e) {
        const detail = (e as { response?: unknown }).response;
        this.logger.error(`variant folder "${folder.name}" was not loaded: ${(e as Error).message}${detail ? ` ${JSON.stringify(detail)}` : ''}`);
      }
    }
  }

  private async superadmin(): Promise<AuthUser> {
    const [row] = await this.ds.query(`SELECT id, username, full_name FROM app_user WHERE is_superadmin ORDER BY created_at LIMIT 1`);
    return { id: row.id, username: row.username, fullName: row.full_name, tenantId: null, tenantKey: null, isSuperadmin: true, memberships: [] };
  }

  private async loadFolder(admin: AuthUser, folder: VariantFolder): Promise<void> {
    const tenantSpec = folder.demo?.tenant ?? { key: folder.variant.key, name: folder.variant.name, timeZone: folder.variant.timeZone ?? DEFAULT_TIME_ZONE };
    const [existing] = await this.ds.query(`SELECT id FROM tenant WHERE key = $1`, [tenantSpec.key]);
    const tenantId: string = existing?.id ?? (await this.tenants.create(admin, tenantSpec)).id;
    const name = `${folder.name} (${this.config.processesDir})`;
    if (existing && (await this.sameAsLastDeployment(tenantId, name, folder))) {
      this.logger.log(`variant "${folder.name}" → tenant "${tenantSpec.key}": unchanged`);
      return;
    }
    const result = await this.deploy.execute(tenantId, name, folder.resources, admin.id);
    const changed = result.processDefinitions.filter((p) => p.isNew).length + result.forms.filter((f) => f.isNew).length + (result.variant?.isNew ? 1 : 0);
    this.logger.log(`variant "${folder.name}" → tenant "${tenantSpec.key}": ${changed ? `${changed} new version(s)` : 'unchanged'}`);
    if (existing || !folder.demo) return;
    await this.loadDemo(admin, tenantId, folder.demo);
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
    const org = new Map<string, string>();
    for (const o of demo.organizations) {
      const parentId = o.parent ? org.get(o.parent) : undefined;
      if (o.parent && !parentId) throw new Error(`organisation "${o.ref}": parent "${o.parent}" is not defined above it`);
      const dto = { tenant: demo.tenant.key, name: o.name, level: o.level, parentId } as CreateOrganizationDto;
      org.set(o.ref, (await this.orgs.create(admin, dto)).id);
    }
    const user = new Map<string, string>();
    for (const u of demo.users) {
      const memberships = u.memberships.map((m) => {
        const orgId = org.get(m.org);
        if (!orgId) throw new Error(`user "${u.username}": organisation "${m.org}" is not defined`);
        return { orgId, role: m.role };
      });
      const dto = { tenant: demo.tenant.key, username: u.username, password: u.password, fullName: u.fullName, email: u.email, memberships, profile: u.profile } as CreateUserDto;
      user.set(u.username, (await this.users.create(admin, dto, { endpoint: 'demo-loader', ip: null }, this.hashOnce)).id);
    }
    for (const [i, inst] of (demo.instances ?? []).entries()) {
      const startedBy = user.get(inst.startedBy);
      const orgId = org.get(inst.org);
      if (!startedBy || !orgId) throw new Error(`instance ${i}: unknown user "${inst.startedBy}" or organisation "${inst.org}"`);
      const back = inst.advanceAfter ? Duration.fromISO(inst.advanceAfter) : Duration.fromMillis(0);
      if (!back.isValid) throw new Error(`instance ${i}: advanceAfter "${inst.advanceAfter}" is not an ISO 8601 duration`);
      const at = new Date(this.clock.now(tenantId).getTime() - back.as('milliseconds'));
      const id = await this.runAt(tenantId, startedBy, at, async (uow) => {
        const def = await this.engine.definitions.latest(uow.tx, tenantId, inst.process);
        // `initiator` is a variable, as when an instance is started through the API.
        const variables = { ...(inst.variables ?? {}), initiator: startedBy } as JsonObject;
        return uow.start(def, { variables, businessKey: inst.businessKey, initiator: startedBy }, { orgId, startedBy });
      });
      for (const [j, step] of (inst.steps ?? []).entries()) {
        const as = user.get(step.as);
        if (!as) throw new Error(`instance ${i} step ${j}: unknown user "${step.as}"`);
        await this.completeStep(tenantId, id, step.complete, as, (step.variables ?? {}) as JsonObject, at, `instance ${i} (${inst.process}) step ${j}`);
      }
    }
    this.logger.log(`demo tenant "${demo.tenant.key}": ${org.size} organisations, ${user.size} users, ${(demo.instances ?? []).length} instances`);
  }

  /** Completes the oldest open task of `elementId` in the instance or the instances it called. */
  private async completeStep(tenantId: string, rootId: string, elementId: string, userId: string, variables: JsonObject, at: Date, what: string) {
    const [task] = await this.ds.query(
      `SELECT t.id, t.instance_id, t.form_id FROM user_task t JOIN process_instance pi ON pi.id = t.instance_id
       WHERE pi.root_instance_id = $1 AND t.element_id = $2 ORDER BY t.created_at, t.id LIMIT 1`,
      [rootId, elementId],
    );
    if (!task) {
      const open = await this.ds.query(`SELECT t.element_id FROM user_task t JOIN process_instance pi ON pi.id = t.instance_id WHERE pi.root_instance_id = $1`, [rootId]);
      const incidents = await this.ds.query(`SELECT i.element_id, i.message FROM incident i JOIN process_instance pi ON pi.id = i.instance_id WHERE pi.root_instance_id = $1`, [rootId]);
      throw new Error(`${what}: no open task "${elementId}" (open tasks: ${open.map((t: { element_id: string }) => t.element_id).join(', ') || 'none'}; incidents: ${JSON.stringify(incidents)})`);
    }
    if (task.form_id) {
      const [form] = await this.ds.query(`SELECT schema FROM form_definition WHERE tenant_id = $1 AND form_id = $2 ORDER BY version DESC LIMIT 1`, [tenantId, task.form_id]);
      const errors = form ? validateSubmission(form.schema, variables) : {};
      if (Object.keys(errors).length) throw new Error(`${what}: the form "${task.form_id}" refuses the variables: ${JSON.stringify(errors)}`);
    }
    await this.runAt(tenantId, userId, at, async (uow) => {
      await uow.lock(task.instance_id);
      await uow.execute(task.instance_id, { type: 'completeUserTask', taskId: task.id, variables });
    });
  }

  /** One command in one transaction as of `at` (demo instances may be dated in the past). */
  private async runAt<T>(tenantId: string, userId: string, at: Date, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (tx) => {
      const tenant = await this.tenantContext.get(tenantId, tx);
      const uow = new UnitOfWork(tx, tenant, at, userId, this.engine.engine, this.engine.definitions, this.events);
      const r = await fn(uow);
      await uow.flush();
      return r;
    });
  }
}
