import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { OrganizationStore } from '../../identity/organization.store.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { roleNamesOf } from '../tenancy/tenant-context.service.js';
import type { TenantContext } from '../tenancy/tenant-context.service.js';
import { EngineService } from '../instances/engine.service.js';
import type { StartInstanceDto } from '../instances/instance.dto.js';
import { mayActFor } from '../instances/instance-rights.js';
import { instanceSubject, loadSubjectUser } from '../instances/subject.store.js';
import type { InstanceSubject, SubjectUser } from '../instances/subject.store.js';
import type { RuntimeCommand } from './runtime-command.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** Input of {@link StartInstanceCommand}. */
export interface StartInstanceInput {
  user: AuthUser;
  dto: StartInstanceDto;
  /** The engine instant of the start (demo data dated in the past); default: now. */
  at?: Date;
}

/**
 * Starts an instance (`POST /api/process-instances`) of the latest version of a process key, or of
 * one definition, about the starter or a person they may act for (`subjectId`); returns its id.
 * `initiator` (the starter's id) is set as a variable and cannot be forged.
 */
@Injectable()
export class StartInstanceCommand implements RuntimeCommand<StartInstanceInput, string> {
  constructor(
    @Inject(OrganizationStore) private readonly organizationStore: OrganizationStore,
    private readonly ds: DataSource,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async execute({ user, dto, at }: StartInstanceInput): Promise<string> {
    if (!dto.processKey && !dto.processDefinitionId) throw new BadRequestException(msg('start.keyRequired'));
    const tenantId = await this.scope.tenantOf(user, dto.tenant);
    // The route is about its subject: the starter, or (`subjectId`) a person the starter may act for.
    const other = dto.subjectId && dto.subjectId !== user.id ? await this.subjectInTenant(dto.subjectId, tenantId) : null;
    let orgId = dto.orgId ?? null;
    if (orgId && !other) await this.assertMayStartIn(user, tenantId, orgId);
    if (!other) orgId ??= user.memberships[0]?.orgId ?? null;
    return this.engine.run(tenantId, user.id, async (uow) => {
      const def = dto.processDefinitionId
        ? await this.definitions.get(uow.tx, dto.processDefinitionId)
        : await this.definitions.latest(uow.tx, tenantId, dto.processKey!);
      if (def.tenantId !== tenantId) throw new NotFoundException(msg('start.definitionNotFound', { id: dto.processDefinitionId }));
      if (!def.model.isExecutable) throw new BadRequestException(msg('start.notExecutable', { key: def.key }));
      // only a plain start event is started by hand; timer, message and signal starts start by themselves
      if (!def.model.startEvents.some((s) => s.kind === 'none')) throw new BadRequestException(msg('start.noManualStart', { name: def.name ?? def.key }));
      this.assertStartRole(user, uow.tenant, def.key, def.name);
      let subject: InstanceSubject | undefined;
      if (other) {
        subject = await this.assertMayActFor(user, uow.tenant, def.key, def.name, other, orgId);
        orgId ??= subject.orgId;
      }
      // `initiator` (the starter's user id) is a variable, as in Camunda: `assignee="=initiator"`. The caller cannot forge it.
      const variables = { ...(dto.variables ?? {}), initiator: user.id } as JsonObject;
      return uow.start(def, { variables, businessKey: dto.businessKey, initiator: user.id }, { orgId, startedBy: user.id, subject });
    }, { at });
  }

  /** The person `subjectId` of the tenant: 404 when there is none (or of another tenant), 400 when deactivated. */
  private async subjectInTenant(subjectId: string, tenantId: string): Promise<SubjectUser> {
    const subject = await loadSubjectUser(this.ds, subjectId);
    if (!subject || subject.tenantId !== tenantId) throw new NotFoundException(msg('start.subjectNotFound', { id: subjectId }));
    if (!subject.isActive) throw new BadRequestException(msg('start.subjectDeactivated', { name: subject.fullName }));
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
    if (!at.length) {
      throw new ForbiddenException(msg('start.notForSubject', { name: name ?? key, subject: other.fullName, roles: roles?.length ? `(${roleNamesOf(tenant, roles)}) ` : '' }));
    }
    if (orgId) {
      const path = await this.organizationStore.activePath(orgId, tenant.id);
      if (path === undefined) throw new NotFoundException(msg('start.orgFieldNotFound', { id: orgId }));
      if (!mayActFor(user, path, roles)) throw new ForbiddenException(msg('start.notAtOrg', { name: name ?? key, id: orgId }));
    }
    return instanceSubject({ ...other, orgs: at }, tenant.profileFields, orgId);
  }

  /** The starter must belong to the organisation's subtree, or administer it. */
  private async assertMayStartIn(user: AuthUser, tenantId: string, orgId: string): Promise<void> {
    const path = await this.organizationStore.activePath(orgId, tenantId);
    if (path === undefined) throw new NotFoundException(msg('start.orgNotFound', { id: orgId }));
    if (user.isSuperadmin) return;
    const ok = user.memberships.some((m) => path.startsWith(m.orgPath) && (m.role === 'admin' || m.orgPath === path || m.role === 'supervisor'))
      || user.memberships.some((m) => m.orgPath === path);
    if (!ok) throw new ForbiddenException(msg('start.ownOrgOnly'));
  }

  /** `variant.json` → `processes.<key>.startRoles` limits who may start a process. */
  private assertStartRole(user: AuthUser, tenant: TenantContext, key: string, name: string | null): void {
    if (user.isSuperadmin) return;
    const roles = tenant.startRoles.get(key);
    if (!roles?.length) return;
    if (!user.memberships.some((m) => roles.includes(m.role) || m.role === 'admin')) {
      throw new ForbiddenException(msg('start.roleRequired', { key, name: name ?? key, roles: roleNamesOf(tenant, roles) }));
    }
  }
}
