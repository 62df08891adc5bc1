import { randomBytes } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import type { CreateOrganizationDto } from '../identity/dto/organization.dto.js';
import type { CreateUserDto } from '../identity/dto/user.dto.js';
import { OrgAdminService } from '../identity/org-admin.service.js';
import { TenantService } from '../identity/tenant.service.js';
import { UserService } from '../identity/user.service.js';
import { DeployCommand } from '../runtime/definitions/deploy.command.js';
import { DefinitionStore } from '../runtime/definitions/definition.store.js';
import type { DeploymentResource } from '../runtime/definitions/deploy.command.js';
import { CompleteUserTaskCommand } from '../runtime/commands/complete-user-task.command.js';
import { StartInstanceCommand } from '../runtime/commands/start-instance.command.js';
import { TaskQueryService } from '../runtime/instances/task-query.service.js';
import { UserStore } from '../identity/user.store.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import type { RolePair } from '../identity/role-pair.js';
import { purgeTenant } from './tenant-purge.store.js';
import { msg } from '../common/messages/message-catalogue.js';

/** One role's test user in the sandbox. */
export interface SandboxActor {
  role: string;
  roleName: string;
  userId: string;
  username: string;
  orgId: string;
  orgName: string;
}

/** The sandbox's own clock: always simulated, moved with `POST /api/clock/advance { tenant: tenantKey }`. */
export interface SandboxClock {
  mode: 'simulated';
  now: string;
  timeZone: string;
}

/** The sandbox of a tenant: its key, test users, and its own clock. */
export interface SandboxInfo {
  tenantKey: string;
  actors: SandboxActor[];
  clock: SandboxClock;
  /** When it was last used, and when it will be removed if unused until then. */
  lastUsedAt: string;
  removeAfter: string;
}

/** A run: the instance, its open tasks, history and the diagram it runs. */
export interface SandboxRun {
  instance: { id: string; processKey: string; processName: string | null; state: string; activeElementIds: string[]; startedAt: string; endedAt: string | null; variables: JsonObject };
  tasks: { id: string; name: string | null; elementId: string; candidateRoles: string[]; orgName: string | null; dueAt: string | null; formId: string | null; actor: SandboxActor | null }[];
  history: { at: string; type: string; elementId: string | null; elementName: string | null; user: string | null }[];
  completedElementIds: string[];
  xml: string;
  clock: SandboxClock;
}

const SANDBOX_SUFFIX = '-sandbox';

/** Ids of the executable processes a BPMN text defines. */
export function processKeysOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?process\b[^>]*>/g)]
    .filter((m) => !/\bisExecutable="false"/.test(m[0]))
    .map((m) => /\bid="([^"]+)"/.exec(m[0])?.[1])
    .filter((k): k is string => !!k);
}

/** Keys of the processes a BPMN text calls by a static `zeebe:calledElement processId` (not FEEL). */
export function calledKeysOf(xml: string): string[] {
  return [...xml.matchAll(/<zeebe:calledElement\b[^>]*\bprocessId="([^"=][^"]*)"/g)].map((m) => m[1]);
}

/** The key of a tenant's sandbox: `<tenant>-sandbox` (tenant keys are at most 41 characters). */
export function sandboxKeyOf(tenantKey: string): string {
  return `${tenantKey.slice(0, 41 - SANDBOX_SUFFIX.length)}${SANDBOX_SUFFIX}`;
}

/** Days of disuse after which a sandbox is removed: `SANDBOX_IDLE_DAYS`, default 14. */
export function sandboxIdleDays(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SANDBOX_IDLE_DAYS);
  return Number.isFinite(n) && n > 0 ? n : 14;
}

/** The username of a sandbox's test user of a role. */
export function sandboxUsername(sandboxKey: string, role: string): string {
  return `${sandboxKey}.${role}`.slice(0, 64);
}

/**
 * The designer's sandbox: a tenant `<tenant>-sandbox` per tenant, made on demand by copying the
 * tenant's latest variant files and forms, one branch of its organisation tree (one organisation
 * per level) and one test user per role; drafts are deployed and run there, so live data is never
 * touched. The administrator acts as any role through this service, which completes tasks as that
 * role's test user. The sandbox has a simulated time of its own (started at its tenant's time,
 * moved only by `POST /api/clock/advance` for the sandbox), so running it forward never moves
 * another tenant's time, fires their timers or sends their digests. It can be reset (removed and
 * made anew on the next use) and is removed after {@link sandboxIdleDays} days of disuse.
 */
@Injectable()
export class SandboxService {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(DeployCommand) private readonly deploy: DeployCommand,
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(OrgAdminService) private readonly orgs: OrgAdminService,
    @Inject(UserService) private readonly users: UserService,
    @Inject(StartInstanceCommand) private readonly startInstance: StartInstanceCommand,
    @Inject(CompleteUserTaskCommand) private readonly completeUserTask: CompleteUserTaskCommand,
    @Inject(TaskQueryService) private readonly tasks: TaskQueryService,
    @Inject(UserStore) private readonly userStore: UserStore,
    @Inject(TenantContextService) private readonly tenantContexts: TenantContextService,
    @Inject(DefinitionStore) private readonly definitions: DefinitionStore,
  ) {}

  private async clockView(sandboxId: string): Promise<SandboxClock> {
    const [t] = await this.ds.query(`SELECT time_zone FROM tenant WHERE id = $1`, [sandboxId]);
    return { mode: 'simulated', now: (await this.clock.read(sandboxId)).toISOString(), timeZone: t?.time_zone ?? 'UTC' };
  }

  /** Marks the sandbox used now (it is removed after a period of disuse). */
  private async touch(sandboxId: string): Promise<Date> {
    const [row] = await this.ds.query(`UPDATE sandbox SET last_used_at = now() WHERE tenant_id = $1 RETURNING last_used_at`, [sandboxId]);
    return new Date(row?.last_used_at ?? Date.now());
  }

  private async superadmin(): Promise<AuthUser> {
    const [row] = await this.ds.query(`SELECT id, username, full_name FROM app_user WHERE is_superadmin ORDER BY created_at LIMIT 1`);
    if (!row) throw new NotFoundException(msg('sandbox.noSuperadmin'));
    return { id: row.id, username: row.username, fullName: row.full_name, tenantId: null, tenantKey: null, isSuperadmin: true, memberships: [] };
  }

  private async tenantRow(tenantId: string): Promise<{ id: string; key: string; name: string; time_zone: string }> {
    const [t] = await this.ds.query(`SELECT id, key, name, time_zone FROM tenant WHERE id = $1`, [tenantId]);
    if (!t) throw new NotFoundException(msg('sandbox.tenantNotFound', { id: tenantId }));
    if (t.key.endsWith(SANDBOX_SUFFIX)) throw new BadRequestException(msg('sandbox.ofSandbox'));
    return t;
  }

  /** Latest variant files and forms of a tenant, as deployment resources. */
  private async latestFiles(tenantId: string): Promise<DeploymentResource[]> {
    const variants = await this.ds.query(
      `SELECT DISTINCT ON (key) key, content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC`, [tenantId]);
    const forms = await this.ds.query(
      `SELECT DISTINCT ON (form_id) form_id, schema FROM form_definition WHERE tenant_id = $1 ORDER BY form_id, version DESC`, [tenantId]);
    return [
      ...variants.map((v: { key: string; content: object }) => ({ name: `${v.key}/variant.json`, content: JSON.stringify(v.content) })),
      ...forms.map((f: { form_id: string; schema: object }) => ({ name: `${f.form_id}.form`, content: JSON.stringify(f.schema) })),
    ];
  }

  /** Creates or refreshes the sandbox of the caller's tenant; returns its id, key and test users. */
  async ensure(tenantId: string): Promise<{ sandboxId: string; leafOrgId: string; info: SandboxInfo }> {
    const tenant = await this.tenantRow(tenantId);
    const key = sandboxKeyOf(tenant.key);
    const admin = await this.superadmin();
    // The sandbox tenant and its own clock are committed before anything runs in it, so that every
    // process sees it on its own time from the first command.
    const sandboxId: string = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sandbox:' || $1))`, [key]);
      const [existing] = await tx.query(`SELECT id FROM tenant WHERE key = $1`, [key]);
      const id: string = existing?.id ?? (await this.tenants.create(admin, { key, name: `${tenant.name} — песочница`, timeZone: tenant.time_zone })).id;
      await tx.query(`INSERT INTO sandbox (tenant_id, parent_tenant_id) VALUES ($1, $2)
        ON CONFLICT (tenant_id) DO UPDATE SET last_used_at = now()`, [id, tenantId]);
      // its own time, from its tenant's time now
      await this.clock.ensureOwn(id, tx, await this.clock.read(tenantId, tx, this.clock.hasOwnClock(tenantId)));
      return id;
    });
    this.tenantContexts.invalidate(sandboxId);
    // one refresh at a time per sandbox
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sandbox:' || $1))`, [key]);
      const files = await this.latestFiles(tenantId);
      if (files.length) await this.deploy.execute(sandboxId, 'копия варианта и форм региона', files, admin.id);
      const { actors, leafOrgId } = await this.ensureActors(admin, tenantId, sandboxId, key);
      const [{ last_used_at: used }] = await tx.query(`SELECT last_used_at FROM sandbox WHERE tenant_id = $1`, [sandboxId]);
      const [t] = await tx.query(`SELECT now FROM tenant_clock WHERE tenant_id = $1`, [sandboxId]);
      return {
        sandboxId, leafOrgId,
        info: {
          tenantKey: key, actors,
          clock: { mode: 'simulated' as const, now: new Date(t.now).toISOString(), timeZone: tenant.time_zone },
          lastUsedAt: new Date(used).toISOString(),
          removeAfter: new Date(new Date(used).getTime() + sandboxIdleDays() * 86_400_000).toISOString(),
        },
      };
    });
  }

  private async ensureActors(admin: AuthUser, tenantId: string, sandboxId: string, key: string): Promise<{ actors: SandboxActor[]; leafOrgId: string }> {
    const [variant] = await this.ds.query(
      `SELECT content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC LIMIT 1`, [sandboxId]);
    const levels: string[] = variant?.content?.levels ?? [];
    const roles: { key: string; name: string; level: string }[] = variant?.content?.roles ?? [];
    if (!levels.length) throw new BadRequestException(msg('sandbox.noVariant'));
    // one branch of the tenant's tree: the ancestors of its first organisation of the lowest level
    const [leaf] = await this.ds.query(
      `SELECT path FROM organization WHERE tenant_id = $1 AND level = $2 AND is_active ORDER BY path LIMIT 1`, [tenantId, levels[levels.length - 1]]);
    const branch: { name: string; level: string }[] = leaf
      ? await this.ds.query(`SELECT name, level FROM organization WHERE tenant_id = $1 AND $2 LIKE path || '%' ORDER BY length(path)`, [tenantId, leaf.path])
      : [];
    const orgByLevel = new Map<string, { id: string; name: string }>();
    let parentId: string | undefined;
    for (const level of levels) {
      const [have] = await this.ds.query(
        `SELECT id, name FROM organization WHERE tenant_id = $1 AND level = $2 AND ($3::uuid IS NULL OR parent_id = $3) ORDER BY path LIMIT 1`,
        [sandboxId, level, parentId ?? null]);
      const name = branch.find((b) => b.level === level)?.name ?? `${level} (песочница)`;
      const org = have ?? (await this.orgs.create(admin, { tenant: key, name, level, parentId } as CreateOrganizationDto));
      orgByLevel.set(level, { id: org.id, name: org.name });
      parentId = org.id;
    }
    const top = orgByLevel.get(levels[0])!;
    const wanted = [{ key: 'admin', name: 'Администратор', level: levels[0] }, ...roles];
    const actors: SandboxActor[] = [];
    for (const role of wanted) {
      const org = orgByLevel.get(role.level) ?? top;
      const username = sandboxUsername(key, role.key);
      const [user] = await this.ds.query(`SELECT id FROM app_user WHERE username = $1 AND tenant_id = $2`, [username, sandboxId]);
      const userId: string = user?.id ?? (await this.users.create(admin, {
        tenant: key,
        username,
        password: randomBytes(18).toString('base64url'),
        fullName: `Тест: ${role.name}`,
        memberships: [{ orgId: org.id, role: role.key }],
      } as CreateUserDto, { endpoint: 'designer-sandbox', ip: null })).id;
      actors.push({ role: role.key, roleName: role.name, userId, username, orgId: org.id, orgName: org.name });
    }
    return { actors, leafOrgId: parentId! };
  }

  private async actors(sandboxId: string): Promise<SandboxActor[]> {
    return this.ds.query(
      `SELECT m.role,
         coalesce((SELECT r->>'name' FROM variant v, jsonb_array_elements(v.content->'roles') r
           WHERE v.tenant_id = $1 AND r->>'key' = m.role ORDER BY v.version DESC LIMIT 1), m.role) AS "roleName",
         u.id AS "userId", u.username, o.id AS "orgId", o.name AS "orgName"
       FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organization o ON o.id = m.org_id
       WHERE u.tenant_id = $1 ORDER BY o.path, m.role`, [sandboxId]);
  }

  /** Deploys the files to the sandbox and starts the first executable process of the diagram. */
  async run(tenantId: string, resources: DeploymentResource[], variables: JsonObject = {}): Promise<SandboxRun> {
    const { sandboxId, leafOrgId, info } = await this.ensure(tenantId);
    const admin = info.actors.find((a) => a.role === 'admin')!;
    // the administrator who asked is not a user of the sandbox: its admin test user deploys
    const drafted = new Set(resources.filter((r) => r.name.endsWith('.bpmn')).flatMap((r) => processKeysOf(r.content)));
    const bundle = [...resources, ...(await this.calledProcesses(tenantId, resources, drafted))];
    const result = await this.deploy.execute(sandboxId, 'черновик из конструктора', bundle, admin.userId);
    const def = result.processDefinitions.find((d) => drafted.has(d.key)) ?? result.processDefinitions[0];
    if (!def) throw new BadRequestException({ message: msg('sandbox.noExecutableProcess'), problems: [] });
    const starter = await this.userStore.authUser(admin.userId);
    // the instance belongs to the lowest organisation of the branch, so every role resolves
    const id = await this.startInstance.execute({ user: starter, dto: { processDefinitionId: def.id, orgId: leafOrgId, variables } });
    return this.state(tenantId, id);
  }

  /**
   * The tenant's deployed processes that the draft calls and does not bring itself, and those they
   * call in turn: their latest versions go into the sandbox with the draft, so a draft of a process
   * that calls another one (post-course support calling the ИОМ diagnostics) runs there as it would
   * run in the tenant.
   */
  private async calledProcesses(tenantId: string, resources: DeploymentResource[], drafted: Set<string>): Promise<DeploymentResource[]> {
    const out: DeploymentResource[] = [];
    const defined = new Set(drafted);
    const asked = new Set<string>();
    let wanted = resources.filter((r) => r.name.endsWith('.bpmn')).flatMap((r) => calledKeysOf(r.content));
    while (wanted.length) {
      const keys = [...new Set(wanted)].filter((k) => !defined.has(k) && !asked.has(k));
      keys.forEach((k) => asked.add(k));
      wanted = [];
      for (const row of await this.definitions.latestXml(tenantId, keys)) {
        const keysOfFile = processKeysOf(row.xml);
        // a file that also holds a process of the draft would define it twice: the draft wins
        if (keysOfFile.some((k) => drafted.has(k)) || out.some((r) => r.content === row.xml)) continue;
        keysOfFile.forEach((k) => defined.add(k));
        out.push({ name: `called/${row.key}.bpmn`, content: row.xml });
        wanted.push(...calledKeysOf(row.xml));
      }
    }
    return out;
  }

  private async sandboxOf(tenantId: string): Promise<{ id: string; key: string }> {
    const tenant = await this.tenantRow(tenantId);
    const key = sandboxKeyOf(tenant.key);
    const [row] = await this.ds.query(`SELECT id, key FROM tenant WHERE key = $1`, [key]);
    if (!row) throw new NotFoundException(msg('sandbox.missing'));
    await this.touch(row.id);
    return row;
  }

  /** The run's instance, open tasks (with the test user who can do each), history and diagram. */
  async state(tenantId: string, instanceId: string): Promise<SandboxRun> {
    const sandbox = await this.sandboxOf(tenantId);
    const [pi] = await this.ds.query(
      `SELECT pi.id, pi.process_key AS "processKey", d.name AS "processName", pi.state, pi.active_element_ids AS "activeElementIds", pi.started_at AS "startedAt",
         pi.ended_at AS "endedAt", pi.variables, d.xml
       FROM process_instance pi JOIN process_definition d ON d.id = pi.definition_id
       WHERE pi.id::text = $1 AND pi.tenant_id = $2`, [instanceId, sandbox.id]);
    if (!pi) throw new NotFoundException(msg('sandbox.runNotFound', { id: instanceId }));
    const actors = await this.actors(sandbox.id);
    const tasks = await this.ds.query(
      `SELECT t.id, t.name, t.element_id AS "elementId", t.candidate_roles AS "candidateRoles", o.name AS "orgName", t.due_at AS "dueAt",
         t.form_id AS "formId", t.assignee, t.candidate_users AS "candidateUsers",
         coalesce((SELECT json_agg(json_build_object('role', c.role, 'orgId', c.org_id)) FROM task_candidate c WHERE c.task_id = t.id), '[]') AS pairs
       FROM user_task t LEFT JOIN organization o ON o.id = t.org_id
       WHERE t.instance_id IN (SELECT id FROM process_instance WHERE root_instance_id = $1 AND tenant_id = $2) ORDER BY t.created_at`, [pi.id, sandbox.id]);
    // the steps of the processes it called too (their tasks are done here as well); the diagram marks its own
    const history = await this.ds.query(
      `SELECT h.at, h.type, h.element_id AS "elementId", h.element_name AS "elementName", u.username AS "user", h.instance_id = $1 AS "own"
       FROM history_event h LEFT JOIN app_user u ON u.id = h.user_id
       WHERE h.instance_id IN (SELECT id FROM process_instance WHERE root_instance_id = $1 AND tenant_id = $2) ORDER BY h.id`, [pi.id, sandbox.id]);
    const completed = [...new Set(history.filter((h: { type: string; elementId: string | null; own: boolean }) => h.own && h.type === 'elementCompleted' && h.elementId)
      .map((h: { elementId: string }) => h.elementId))] as string[];
    const { xml, ...instance } = pi;
    return {
      instance,
      tasks: tasks.map((t: { assignee: string | null; candidateUsers: string[]; pairs: RolePair[] } & Record<string, unknown>) => {
        const actor = actors.find((a) => a.userId === t.assignee)
          ?? actors.find((a) => t.pairs.some((p) => p.role === a.role && p.orgId === a.orgId))
          ?? actors.find((a) => t.candidateUsers.includes(a.userId))
          ?? null;
        const { assignee: _a, candidateUsers: _c, pairs: _p, ...rest } = t;
        return { ...rest, actor };
      }) as SandboxRun['tasks'],
      history: history.slice(-200).map(({ own: _own, ...h }: { own: boolean } & Record<string, unknown>) => h) as SandboxRun['history'],
      completedElementIds: completed,
      xml,
      clock: await this.clockView(sandbox.id),
    };
  }

  /** Completes a sandbox task as the test user who holds its role. */
  async completeTask(tenantId: string, instanceId: string, taskId: string, variables: JsonObject): Promise<SandboxRun> {
    const run = await this.state(tenantId, instanceId);
    const task = run.tasks.find((t) => t.id === taskId);
    if (!task) throw new NotFoundException(msg('sandbox.taskNotOpen', { id: taskId }));
    if (!task.actor) throw new BadRequestException(msg('sandbox.noActor'));
    await this.completeUserTask.execute({ user: await this.userStore.authUser(task.actor.userId), taskId, variables });
    return this.state(tenantId, instanceId);
  }

  /** The sandbox's test users and the clock (creates the sandbox when missing). */
  async info(tenantId: string): Promise<SandboxInfo> {
    return (await this.ensure(tenantId)).info;
  }

  /** The task of a run as its test user sees it in the inbox: with its form and the form's data. */
  async task(tenantId: string, instanceId: string, taskId: string): Promise<unknown> {
    const run = await this.state(tenantId, instanceId);
    const task = run.tasks.find((t) => t.id === taskId);
    if (!task) throw new NotFoundException(msg('sandbox.taskNotOpen', { id: taskId }));
    if (!task.actor) throw new BadRequestException(msg('sandbox.noActor'));
    return { ...(await this.tasks.get(await this.userStore.authUser(task.actor.userId), taskId) as object), actor: task.actor };
  }

  /** Removes the sandbox of a tenant with everything in it; the next use makes it anew. */
  async reset(tenantId: string): Promise<{ removed: boolean }> {
    const tenant = await this.tenantRow(tenantId);
    const key = sandboxKeyOf(tenant.key);
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sandbox:' || $1))`, [key]);
      const [row] = await tx.query(`SELECT t.id FROM tenant t JOIN sandbox s ON s.tenant_id = t.id WHERE t.key = $1`, [key]);
      if (!row) return { removed: false };
      await purgeTenant(tx, row.id);
      this.clock.forget(row.id);
      return { removed: true };
    });
  }

  /** Removes every sandbox unused for {@link sandboxIdleDays} days; returns the keys removed. */
  async removeIdle(now = new Date()): Promise<string[]> {
    const before = new Date(now.getTime() - sandboxIdleDays() * 86_400_000);
    const idle: { id: string; key: string }[] = await this.ds.query(
      `SELECT t.id, t.key FROM sandbox s JOIN tenant t ON t.id = s.tenant_id WHERE s.last_used_at < $1`, [before]);
    const removed: string[] = [];
    for (const sb of idle) {
      await this.ds.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sandbox:' || $1))`, [sb.key]);
        // used again meanwhile: keep it
        const [still] = await tx.query(`SELECT 1 FROM sandbox WHERE tenant_id = $1 AND last_used_at < $2`, [sb.id, before]);
        if (!still) return;
        await purgeTenant(tx, sb.id);
        this.clock.forget(sb.id);
        removed.push(sb.key);
      });
    }
    return removed;
  }
}
