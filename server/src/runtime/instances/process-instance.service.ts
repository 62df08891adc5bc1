import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import type { TenantContext } from '../tenancy/tenant-context.service.js';
import { EngineService } from './engine.service.js';
import type { ListInstancesQuery, RaiseMessageDto, StartInstanceDto } from './instance.dto.js';
import { instanceSubject, loadSubjectUser, subjectJson } from './subject.store.js';
import type { InstanceSubject, SubjectUser } from './subject.store.js';

const SUBJECT = subjectJson('pi.subject_id', 'pi.subject_org_id', 's');

/** Columns of an instance answer. */
const INSTANCE_COLUMNS = `pi.id, pi.definition_id AS "processDefinitionId", pi.process_key AS "processKey", pd.version, pd.name AS "processName",
  pi.business_key AS "businessKey", pi.org_id AS "orgId", o.name AS "orgName", pi.state, pi.active_element_ids AS "activeElementIds",
  pi.variables, pi.started_at AS "startedAt", pi.ended_at AS "endedAt", pi.started_by AS "startedBy",
  pi.parent_instance_id AS "parentInstanceId", pi.root_instance_id AS "rootInstanceId", ${SUBJECT.select} AS subject,
  coalesce((SELECT json_agg(json_build_object('taskId', ct.id, 'elementId', ct.element_id, 'name', ct.name,
      'dueAt', to_char(ct.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'assignee', ct.assignee, 'orgId', ct.org_id) ORDER BY ct.due_at NULLS LAST, ct.created_at)
    FROM user_task ct WHERE ct.instance_id = pi.id), '[]'::json) AS "currentSteps",
  (SELECT min(ct.due_at) FROM user_task ct WHERE ct.instance_id = pi.id) AS "nextDueAt"`;

/** The tables an instance answer reads. */
const INSTANCE_FROM = `process_instance pi JOIN process_definition pd ON pd.id = pi.definition_id
  LEFT JOIN organization o ON o.id = pi.org_id ${SUBJECT.joins}`;

/**
 * The organisation paths under which a role holder may start a route for someone: those where they
 * hold a role allowed to start the process (`startRoles`; any role when none is named) or `admin`.
 */
export function actingPaths(user: AuthUser, roles: string[] | undefined): string[] {
  if (user.isSuperadmin) return [''];
  return user.memberships.filter((m) => m.role === 'admin' || !roles?.length || roles.includes(m.role)).map((m) => m.orgPath);
}

/** A raisable message names roles: the caller holds one (or `admin`) at the instance's organisation or above. */
function mayRaise(user: AuthUser, roles: string[] | undefined, orgPath: string | null): boolean {
  if (!roles?.length || user.isSuperadmin) return true;
  return !!orgPath && user.memberships.some((m) => (roles.includes(m.role) || m.role === 'admin') && orgPath.startsWith(m.orgPath));
}

/** A person a role holder may start a route for: a variant role (or `admin`) at their organisation or above. */
function mayActFor(user: AuthUser, orgPath: string, roles: string[] | undefined): boolean {
  return actingPaths(user, roles).some((p) => orgPath.startsWith(p));
}

/** Starting, reading, cancelling instances and changing their variables. */
@Injectable()
export class ProcessInstanceService {
  constructor(
    private readonly ds: DataSource,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  async start(user: AuthUser, dto: StartInstanceDto) {
    if (!dto.processKey && !dto.processDefinitionId) throw new BadRequestException('give "processKey" or "processDefinitionId"');
    const tenantId = await this.scope.tenantOf(user, dto.tenant);
    // The route is about its subject: the starter, or (`subjectId`) a person the starter may act for.
    const other = dto.subjectId && dto.subjectId !== user.id ? await this.subjectInTenant(dto.subjectId, tenantId) : null;
    let orgId = dto.orgId ?? null;
    if (orgId && !other) await this.assertMayStartIn(user, tenantId, orgId);
    if (!other) orgId ??= user.memberships[0]?.orgId ?? null;
    const id = await this.engine.run(tenantId, user.id, async (uow) => {
      const def = dto.processDefinitionId
        ? await this.definitions.get(uow.tx, dto.processDefinitionId)
        : await this.definitions.latest(uow.tx, tenantId, dto.processKey!);
      if (def.tenantId !== tenantId) throw new NotFoundException(`process definition ${dto.processDefinitionId} not found`);
      if (!def.model.isExecutable) throw new BadRequestException(`process "${def.key}" is not executable (isExecutable="false" in the diagram)`);
      this.assertStartRole(user, uow.tenant, def.key);
      let subject: InstanceSubject | undefined;
      if (other) {
        subject = await this.assertMayActFor(user, uow.tenant, def.key, def.name, other, orgId);
        orgId ??= subject.orgId;
      }
      // `initiator` (the starter's user id) is a variable, as in Camunda: `assignee="=initiator"`. The caller cannot forge it.
      const variables = { ...(dto.variables ?? {}), initiator: user.id } as JsonObject;
      return uow.start(def, { variables, businessKey: dto.businessKey, initiator: user.id }, { orgId, startedBy: user.id, subject });
    });
    return this.get(user, id);
  }

  /** The person `subjectId` of the tenant: 404 when there is none (or of another tenant), 400 when deactivated. */
  private async subjectInTenant(subjectId: string, tenantId: string): Promise<SubjectUser> {
    const subject = await loadSubjectUser(this.ds, subjectId);
    if (!subject || subject.tenantId !== tenantId) throw new NotFoundException(`user ${subjectId} (subjectId) not found`);
    if (!subject.isActive) throw new BadRequestException(`пользователь «${subject.fullName}» (subjectId) деактивирован: маршрут о нём запустить нельзя`);
    return subject;
  }

  /**
   * The starter may start a route about another person when they hold a role allowed to start the
   * process (`startRoles`; `admin` always) at an organisation of that person or above it; the
   * instance's organisation, when given, must be one they may act at too. 403 otherwise.
   */
  private async assertMayActFor(
    user: AuthUser, tenant: TenantContext, key: string, name: string | null, other: SubjectUser, orgId: string | null,
  ): Promise<InstanceSubject> {
    const roles = tenant.startRoles.get(key);
    const at = other.orgs.filter((o) => mayActFor(user, o.path, roles));
    const what = `процесс «${name ?? key}»`;
    if (!at.length) {
      throw new ForbiddenException(`вы не можете запустить ${what} для пользователя «${other.fullName}»: нужна роль ${roles?.length ? `(${roles.join(', ')}) ` : ''}в его организации или выше`);
    }
    if (orgId) {
      const [org] = await this.ds.query(`SELECT path FROM organization WHERE id = $1 AND tenant_id = $2 AND is_active`, [orgId, tenant.id]);
      if (!org) throw new NotFoundException(`organisation ${orgId} (orgId) not found`);
      if (!mayActFor(user, org.path, roles)) throw new ForbiddenException(`вы не можете запустить ${what} в организации ${orgId} (orgId)`);
    }
    return instanceSubject({ ...other, orgs: at }, tenant.profileFields, orgId);
  }

  /** The starter must belong to the organisation's subtree, or administer it. */
  private async assertMayStartIn(user: AuthUser, tenantId: string, orgId: string): Promise<void> {
    const [org] = await this.ds.query(`SELECT path FROM organization WHERE id = $1 AND tenant_id = $2 AND is_active`, [orgId, tenantId]);
    if (!org) throw new NotFoundException(`organisation ${orgId} not found`);
    if (user.isSuperadmin) return;
    const ok = user.memberships.some((m) => org.path.startsWith(m.orgPath) && (m.role === 'admin' || m.orgPath === org.path || m.role === 'supervisor'))
      || user.memberships.some((m) => m.orgPath === org.path);
    if (!ok) throw new ForbiddenException('you may start processes only for your own organisation');
  }

  /** `variant.json` → `processes.<key>.startRoles` limits who may start a process. */
  private assertStartRole(user: AuthUser, tenant: TenantContext, key: string): void {
    if (user.isSuperadmin) return;
    const roles = tenant.startRoles.get(key);
    if (!roles?.length) return;
    if (!user.memberships.some((m) => roles.includes(m.role) || m.role === 'admin')) {
      throw new ForbiddenException(`process "${key}" may be started by: ${roles.join(', ')}`);
    }
  }

  async list(user: AuthUser, q: ListInstancesQuery) {
    const tenantId = await this.scope.tenantOf(user, q.tenant);
    // `subject=me`: the routes about the caller (visible to them as their subject).
    const subjectId = q.subject === 'me' ? user.id : q.subject ?? null;
    const params: unknown[] = [tenantId, q.processKey ?? null, q.state ?? null, q.businessKey ?? null, q.orgId ?? null, subjectId];
    const vis = this.scope.instanceVisibility(user, params.length + 1);
    params.push(...vis.params);
    const size = q.size ?? 20;
    const where = `pi.tenant_id = $1 AND ($2::text IS NULL OR pi.process_key = $2) AND ($3::text IS NULL OR pi.state = $3)
      AND ($4::text IS NULL OR pi.business_key = $4)
      AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM organization fo, organization so WHERE so.id = $5 AND fo.id = pi.org_id AND fo.path LIKE so.path || '%'))
      AND ($6::uuid IS NULL OR pi.subject_id = $6)
      AND ${vis.sql}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM process_instance pi WHERE ${where}`, params);
    const items = await this.ds.query(
      `SELECT ${INSTANCE_COLUMNS} FROM ${INSTANCE_FROM} WHERE ${where}
       ORDER BY pi.started_at DESC, pi.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, size, ((q.page ?? 1) - 1) * size],
    );
    return { items, total };
  }

  async get(user: AuthUser, id: string) {
    await this.scope.assertInstanceVisible(user, id);
    const [row] = await this.ds.query(`SELECT ${INSTANCE_COLUMNS} FROM ${INSTANCE_FROM} WHERE pi.id = $1`, [id]);
    row.version = Number(row.version);
    row.incidents = await this.ds.query(
      `SELECT id, element_id AS "elementId", execution_id AS "executionId", job_id AS "jobId", kind, message, created_at AS "createdAt"
       FROM incident WHERE instance_id = $1 ORDER BY created_at`,
      [id],
    );
    row.raisable = await this.raisableNow(user, row);
    return row;
  }

  /** The declared raisable messages the caller may raise on the instance now (it waits for them, the caller holds a role). */
  private async raisableNow(user: AuthUser, row: { id: string; processKey: string; orgId: string | null }): Promise<string[]> {
    if (!row.processKey) return [];
    const tenantId = (await this.ds.query(`SELECT tenant_id FROM process_instance WHERE id = $1`, [row.id]))[0]?.tenant_id;
    const declared = tenantId ? (await this.tenants.get(tenantId)).raisable.get(row.processKey) ?? [] : [];
    if (!declared.length) return [];
    const [org] = row.orgId ? await this.ds.query(`SELECT path FROM organization WHERE id = $1`, [row.orgId]) : [];
    const waiting = new Set((await this.ds.query(
      `SELECT DISTINCT name FROM event_subscription WHERE instance_id = $1 AND kind = 'message'`, [row.id],
    )).map((r: { name: string }) => r.name));
    return declared.filter((r) => waiting.has(r.message) && mayRaise(user, r.roles, org?.path ?? null)).map((r) => r.message);
  }

  /**
   * A participant raises a message on one instance (`POST /api/process-instances/:id/messages`):
   * the message must be declared raisable for the instance's process (`variant.json` →
   * `processes.<key>.raisable`, else 400), the caller must see the instance (else 404) and hold one
   * of its `roles` at the instance's organisation or above when the declaration names roles (else
   * 403). It reaches this instance's open subscription of that name, whatever its correlation key,
   * and no other instance; 409 when the instance is not waiting for it now.
   */
  async raise(user: AuthUser, id: string, dto: RaiseMessageDto) {
    const { tenantId } = await this.scope.assertInstanceVisible(user, id);
    const [inst] = await this.ds.query(
      `SELECT pi.process_key, pd.name, o.path FROM process_instance pi JOIN process_definition pd ON pd.id = pi.definition_id
       LEFT JOIN organization o ON o.id = pi.org_id WHERE pi.id = $1`,
      [id],
    );
    const engineTenant = await this.tenants.get(tenantId);
    const declared = engineTenant.raisable.get(inst.process_key) ?? [];
    const rule = declared.find((r) => r.message === dto.name);
    if (!rule) {
      throw new BadRequestException({
        message: `name: сообщение «${dto.name}» не объявлено для участников процесса «${inst.name ?? inst.process_key}» (variant.json → processes.${inst.process_key}.raisable${declared.length ? `: ${declared.map((r) => r.message).join(', ')}` : ' пуст'})`,
        fields: { name: ['не объявлено в processes.<key>.raisable'] },
      });
    }
    if (!mayRaise(user, rule.roles, inst.path)) {
      throw new ForbiddenException(`сообщение «${dto.name}» могут отправить: ${(rule.roles ?? []).join(', ')} (в организации экземпляра или выше)`);
    }
    await this.engine.run(tenantId, user.id, async (uow) => {
      await uow.lock(id);
      const [sub] = await uow.tx.query(
        `SELECT id FROM event_subscription WHERE instance_id = $1 AND kind = 'message' AND name = $2 ORDER BY created_at, id LIMIT 1`,
        [id, dto.name],
      );
      if (!sub) throw new ConflictException(`процесс сейчас не ждёт сообщения «${dto.name}»`);
      uow.pushRaw(id, 'messageRaised', null, { name: dto.name });
      await uow.execute(id, { type: 'triggerSubscription', subscriptionId: sub.id, variables: (dto.variables ?? {}) as JsonObject });
    });
    return this.get(user, id);
  }

  async history(user: AuthUser, id: string) {
    await this.scope.assertInstanceVisible(user, id);
    const items = await this.ds.query(
      `SELECT h.id::text, h.at, h.type, h.element_id AS "elementId", h.element_type AS "elementType", h.element_name AS "elementName",
         h.execution_id AS "executionId", h.user_id AS "userId", u.full_name AS "userName", h.data
       FROM history_event h LEFT JOIN app_user u ON u.id = h.user_id WHERE h.instance_id = $1 ORDER BY h.id`,
      [id],
    );
    return { items, total: items.length };
  }

  async cancel(user: AuthUser, id: string) {
    const { tenantId } = await this.scope.assertInstanceVisible(user, id);
    const [row] = await this.ds.query(`SELECT started_by FROM process_instance WHERE id = $1`, [id]);
    if (row.started_by !== user.id) this.scope.assertTenantAdmin(user, tenantId);
    await this.engine.run(tenantId, user.id, (uow) => uow.execute(id, { type: 'cancelInstance' }));
    return this.get(user, id);
  }

  async setVariables(user: AuthUser, id: string, variables: Record<string, unknown>) {
    const { tenantId } = await this.scope.assertInstanceVisible(user, id);
    this.scope.assertTenantAdmin(user, tenantId);
    await this.engine.run(tenantId, user.id, (uow) => uow.execute(id, { type: 'setVariables', variables: variables as JsonObject }));
    return this.get(user, id);
  }
}
