import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { isUuid } from '../common/ids.js';
import { CallerScopeService } from '../runtime/tenancy/caller-scope.service.js';
import { AlertsService } from './alerts.service.js';
import { SupervisionScopeService } from './supervision-scope.service.js';
import { msg } from '../common/messages/message-catalogue.js';
import { subjectJson } from '../runtime/instances/subject.store.js';

/** Whom an instance is about (the route's subject), for the instance page. */
const SUBJECT = subjectJson('pi.subject_id', 'pi.subject_org_id', 's');

/** Counts on one element of a process map. */
export interface ElementStats {
  elementId: string;
  /** Active instances with a token in the element. */
  active: number;
  /** Of those, instances with an overdue task or stage at the element. */
  overdue: number;
  /** Open incidents at the element. */
  incidents: number;
  /** Completions of the element (history) in instances in scope. */
  completed: number;
}

/**
 * The supervision view of a process: counts per element over an organisation subtree (the map's
 * overlays), and one instance's path, tokens, timeline, variables and incidents.
 */
@Injectable()
export class ProcessMapService {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(CallerScopeService) private readonly callerScope: CallerScopeService,
    @Inject(AlertsService) private readonly alerts: AlertsService,
  ) {}

  /** `GET /api/process-definitions/:id/stats?orgId=`: every version of the process key when `allVersions`. */
  async stats(user: AuthUser, definitionId: string, orgId?: string, allVersions = false) {
    if (!isUuid(definitionId)) throw new NotFoundException(msg('supervision.definitionNotFound', { id: definitionId }));
    const [def] = await this.ds.query(`SELECT id, tenant_id, key, version, name FROM process_definition WHERE id = $1`, [definitionId]);
    if (!def || (!user.isSuperadmin && def.tenant_id !== user.tenantId)) throw new NotFoundException(msg('supervision.definitionNotFound', { id: definitionId }));
    const scope = await this.scopes.resolve(user, def.tenant_id, orgId);
    const defFilter = allVersions ? `pi.process_key = $2 AND pi.tenant_id = $4` : `pi.definition_id = $1 AND $2::text IS NOT NULL AND $4::uuid IS NOT NULL`;
    const params = [def.id, def.key, scope.likes, scope.tenantId];
    const active: { element_id: string; n: number }[] = await this.ds.query(
      `SELECT x.element_id, count(DISTINCT pi.id)::int AS n
       FROM process_instance pi JOIN organization o ON o.id = pi.org_id CROSS JOIN LATERAL unnest(pi.active_element_ids) AS x(element_id)
       WHERE ${defFilter} AND pi.state = 'active' AND o.path LIKE ANY($3::text[]) GROUP BY x.element_id`,
      params,
    );
    const incidents: { element_id: string; n: number }[] = await this.ds.query(
      `SELECT i.element_id, count(*)::int AS n FROM incident i JOIN process_instance pi ON pi.id = i.instance_id
       JOIN organization o ON o.id = pi.org_id
       WHERE ${defFilter} AND o.path LIKE ANY($3::text[]) AND i.element_id IS NOT NULL GROUP BY i.element_id`,
      params,
    );
    const completed: { element_id: string; n: number }[] = await this.ds.query(
      `SELECT h.element_id, count(*)::int AS n FROM history_event h JOIN process_instance pi ON pi.id = h.instance_id
       JOIN organization o ON o.id = pi.org_id
       WHERE ${defFilter} AND o.path LIKE ANY($3::text[]) AND h.type = 'elementCompleted' GROUP BY h.element_id`,
      params,
    );
    // Distinct instances with an alert per element (of this version unless all versions), counted in SQL.
    const overdue = await this.alerts.instancesByElement(scope, { processKey: def.key, ...(allVersions ? {} : { definitionId: def.id }) });
    const byElement = new Map<string, ElementStats>();
    const at = (id: string) => byElement.get(id) ?? byElement.set(id, { elementId: id, active: 0, overdue: 0, incidents: 0, completed: 0 }).get(id)!;
    for (const r of active) at(r.element_id).active = r.n;
    for (const r of incidents) at(r.element_id).incidents = r.n;
    for (const r of completed) at(r.element_id).completed = r.n;
    for (const [id, n] of overdue.byElement) at(id).overdue = n;
    const elements = [...byElement.values()].sort((a, b) => a.elementId.localeCompare(b.elementId));
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM process_instance pi JOIN organization o ON o.id = pi.org_id
       WHERE ${defFilter} AND pi.state = 'active' AND o.path LIKE ANY($3::text[])`,
      params,
    );
    return {
      processDefinitionId: def.id, processKey: def.key, version: def.version, name: def.name, orgId: scope.org?.id ?? null,
      activeInstances: total, overdueInstances: overdue.instances, elements,
      at: this.clock.now(scope.tenantId).toISOString(),
    };
  }

  /**
   * `GET /api/supervision/organizations`: the organisations in the subtrees the caller supervises,
   * in tree order with their depth below the tree's root (for the pages' organisation filter).
   */
  async organizations(user: AuthUser, tenant?: string) {
    const scope = await this.scopes.resolve(user, tenant);
    const items: { id: string; name: string; level: string; path: string; parentId: string | null }[] = await this.ds.query(
      `SELECT o.id, o.name, o.level, o.path, o.parent_id AS "parentId" FROM organization o
       WHERE o.tenant_id = $1 AND o.is_active AND o.path LIKE ANY($2::text[])`,
      [scope.tenantId, scope.likes],
    );
    const byId = new Map(items.map((o) => [o.id, o]));
    const namePath = (o: { path: string }) => o.path.split('/').filter(Boolean).map((id) => byId.get(id)?.name ?? '').join(' / ');
    return {
      items: items
        .map((o) => ({ id: o.id, name: o.name, level: o.level, parentId: o.parentId, depth: o.path.split('/').filter(Boolean).length - 1, namePath: namePath(o) }))
        .sort((a, b) => a.namePath.localeCompare(b.namePath, 'ru')),
    };
  }

  /**
   * `GET /api/supervision/instances/:id`: the instance with the elements it passed through (in
   * order, from the history), its current tokens (with entry times), the timeline, variables and
   * open incidents. Visible to whoever may see the instance.
   */
  async instance(user: AuthUser, id: string) {
    await this.callerScope.assertInstanceVisible(user, id);
    const [inst] = await this.ds.query(
      `SELECT pi.id, pi.definition_id AS "processDefinitionId", pi.process_key AS "processKey", pd.version, pd.name AS "processName",
         pi.business_key AS "businessKey", pi.org_id AS "orgId", o.name AS "orgName", pi.state, pi.variables, pi.started_at AS "startedAt",
         pi.ended_at AS "endedAt", pi.parent_instance_id AS "parentInstanceId", pi.engine_state->'elements' AS elements, pi.tenant_id AS "tenantId",
         ${SUBJECT.select} AS subject
       FROM process_instance pi JOIN process_definition pd ON pd.id = pi.definition_id LEFT JOIN organization o ON o.id = pi.org_id ${SUBJECT.joins}
       WHERE pi.id = $1`,
      [id],
    );
    const timeline: { id: string; at: Date; type: string; elementId: string | null; elementName: string | null; elementType: string | null;
      executionId: string | null; userId: string | null; userName: string | null; data: Record<string, unknown> }[] = await this.ds.query(
      `SELECT h.id::text, h.at, h.type, h.element_id AS "elementId", h.element_type AS "elementType", h.element_name AS "elementName",
         h.execution_id AS "executionId", h.user_id AS "userId", u.full_name AS "userName", h.data
       FROM history_event h LEFT JOIN app_user u ON u.id = h.user_id WHERE h.instance_id = $1 ORDER BY h.id`,
      [id],
    );
    const path: string[] = [];
    const completedElements: string[] = [];
    for (const h of timeline) {
      if (!h.elementId || h.elementId === inst.processKey) continue;
      if (h.type === 'elementActivated' && !path.includes(h.elementId)) path.push(h.elementId);
      if (h.type === 'elementCompleted' && !completedElements.includes(h.elementId)) completedElements.push(h.elementId);
    }
    const entered = new Map(timeline.filter((h) => h.type === 'elementActivated' && h.executionId).map((h) => [h.executionId!, h]));
    const elements = (inst.elements ?? {}) as Record<string, { id: string; elementId: string; kind: string; status: string; userTaskId?: string }>;
    const tokens = Object.values(elements)
      .filter((e) => e.id !== inst.id)
      .map((e) => ({
        executionId: e.id, elementId: e.elementId, kind: e.kind, status: e.status, userTaskId: e.userTaskId ?? null,
        elementName: entered.get(e.id)?.elementName ?? null, enteredAt: entered.get(e.id)?.at ?? null,
      }));
    const incidents = await this.ds.query(
      `SELECT id, element_id AS "elementId", execution_id AS "executionId", job_id AS "jobId", kind, message, created_at AS "createdAt"
       FROM incident WHERE instance_id = $1 ORDER BY created_at`,
      [id],
    );
    const tasks = await this.ds.query(
      `SELECT t.id, t.element_id AS "elementId", t.name, t.due_at AS "dueAt", t.assignee, u.full_name AS "assigneeName", t.candidate_roles AS "candidateRoles"
       FROM user_task t LEFT JOIN app_user u ON u.id = t.assignee WHERE t.instance_id = $1`,
      [id],
    );
    const acks = await this.ds.query(
      `SELECT a.id, a.element_id AS "elementId", a.task_id AS "taskId", a.comment, a.at, u.full_name AS "userName"
       FROM alert_ack a JOIN app_user u ON u.id = a.user_id WHERE a.instance_id = $1 ORDER BY a.at`,
      [id],
    );
    const { elements: _e, tenantId: _t, ...rest } = inst;
    return { ...rest, version: Number(inst.version), path, completedElements, tokens, tasks, incidents, acknowledgements: acks, timeline };
  }
}
