import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { OrganizationStore } from '../../identity/organization.store.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { IncidentStore } from './incident.store.js';
import type { ListInstancesQuery } from './instance.dto.js';
import { mayRaise } from './instance-rights.js';
import { subjectJson } from './subject.store.js';
import { waitingMessageElements } from './subscription.store.js';

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
 * Instances as queries: the list the caller may see, one instance (with its incidents, current
 * steps and what the caller may raise on it), its history. What changes an instance (start,
 * cancel, variables, raised messages) is a command (`runtime/commands/`).
 */
@Injectable()
export class InstanceQueryService {
  constructor(
    @Inject(IncidentStore) private readonly incidentStore: IncidentStore,
    @Inject(OrganizationStore) private readonly organizationStore: OrganizationStore,
    private readonly ds: DataSource,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
  ) {}

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
    row.incidents = await this.incidentStore.ofInstance(id);
    row.raisableEvents = await this.raisableNow(user, row);
    row.raisable = row.raisableEvents.map((e: { message: string }) => e.message);
    return row;
  }

  /**
   * The declared raisable messages the caller may raise on the instance now (it waits for them, the
   * caller holds a role), each with the name of the element that catches it (what the user reads).
   */
  private async raisableNow(user: AuthUser, row: { id: string; processKey: string; orgId: string | null }): Promise<{ message: string; name: string; comment?: string }[]> {
    if (!row.processKey) return [];
    const tenantId = (await this.ds.query(`SELECT tenant_id FROM process_instance WHERE id = $1`, [row.id]))[0]?.tenant_id;
    const declared = tenantId ? (await this.tenants.get(tenantId)).raisable.get(row.processKey) ?? [] : [];
    if (!declared.length) return [];
    const orgPath = row.orgId ? await this.organizationStore.path(row.orgId) : undefined;
    const waiting = await waitingMessageElements(this.ds, row.id);
    const out: { message: string; name: string; comment?: string }[] = [];
    for (const r of declared) {
      const w = waiting.find((x) => x.name === r.message);
      if (!w || !mayRaise(user, r.roles, orgPath ?? null)) continue;
      const model = w.definitionId ? (await this.definitions.get(this.ds.manager, w.definitionId)).model : undefined;
      out.push({ message: r.message, name: model?.elements[w.elementId]?.name || r.message, ...(r.comment ? { comment: r.comment } : {}) });
    }
    return out;
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
}
