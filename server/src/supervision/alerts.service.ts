import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime, Duration } from 'luxon';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import type { AckAlertDto, AlertAckView, AlertListView, AlertView, ListAlertsQuery } from './alert.dto.js';
import { SupervisionScopeService } from './supervision-scope.service.js';
import type { SupervisionScope } from './supervision-scope.service.js';
import { VariantDeclarationsService } from './variant-declarations.service.js';
import { msg } from '../common/messages/message-catalogue.js';

const DAY_MS = 86_400_000;

/** Whole days from `dueAt` to `now` (0 during the first day past due). */
export function daysOverdue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS));
}

/** The instant a stage of limit `iso` entered at `enteredAt` falls due (calendar arithmetic in `zone`). */
export function stageDueAt(enteredAt: Date, iso: string, zone = 'utc'): Date {
  return DateTime.fromJSDate(enteredAt, { zone }).plus(Duration.fromISO(iso)).toJSDate();
}

/** Filters that the alert query understands (the API's, and the digest's). */
export type AlertFilter = Pick<ListAlertsQuery, 'processKey' | 'elementId' | 'minDaysOverdue' | 'kind' | 'acknowledged' | 'limit'>;

/**
 * Overdue alerts, computed from the runtime tables at the engine clock's time:
 * - `task-overdue`: an open user task past its `due_at`;
 * - `stage-overdue`: an instance that stays in an element or sub-process longer than the limit
 *   `variant.json` → `processes.<key>.stageLimits.<elementId>` (ISO duration) sets on it, counted
 *   from the element's activation in the history.
 * - `assignee-inactive`: an open user task whose assignee is deactivated or no longer exists — nobody
 *   will do it until an administrator or supervisor gives it to someone (`POST /api/tasks/:id/assignee`).
 * Acknowledgements (with comments) are kept in `alert_ack` and in the instance's history.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(VariantDeclarationsService) private readonly variants: VariantDeclarationsService,
  ) {}

  /** `GET /api/alerts` for `user`. */
  async list(user: AuthUser, q: ListAlertsQuery): Promise<AlertListView> {
    const scope = await this.scopes.resolve(user, q.tenant, q.orgId);
    return this.forScope(scope, q);
  }

  /** Alerts of a scope (also used by the digest, with a transaction). */
  async forScope(scope: SupervisionScope, q: AlertFilter, m: EntityManager = this.ds.manager): Promise<AlertListView> {
    const now = await this.clock.read(scope.tenantId, m, this.clock.hasOwnClock(scope.tenantId));
    const items: AlertView[] = [];
    if (!q.kind || q.kind === 'task-overdue') items.push(...(await this.overdueTasks(m, scope, q, now)));
    if (!q.kind || q.kind === 'stage-overdue') items.push(...(await this.overdueStages(m, scope, q, now)));
    if (!q.kind || q.kind === 'assignee-inactive') items.push(...(await this.orphanedTasks(m, scope, q, now)));
    await this.attachAcks(m, items);
    let out = items.filter((a) => q.minDaysOverdue === undefined || a.daysOverdue >= q.minDaysOverdue);
    if (q.acknowledged === 'true') out = out.filter((a) => a.acknowledged);
    if (q.acknowledged === 'false') out = out.filter((a) => !a.acknowledged);
    out.sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueAt.localeCompare(b.dueAt) || a.processInstanceId.localeCompare(b.processInstanceId));
    const byOrg = new Map<string, { orgId: string; orgName: string; count: number }>();
    const byStage = new Map<string, { processKey: string; elementId: string; elementName: string | null; count: number }>();
    for (const a of out) {
      (byOrg.get(a.orgId) ?? byOrg.set(a.orgId, { orgId: a.orgId, orgName: a.orgName, count: 0 }).get(a.orgId)!).count++;
      const k = `${a.processKey}\u0000${a.elementId}`;
      (byStage.get(k) ?? byStage.set(k, { processKey: a.processKey, elementId: a.elementId, elementName: a.elementName, count: 0 }).get(k)!).count++;
    }
    const most = <T extends { count: number }>(xs: Iterable<T>) => [...xs].sort((a, b) => b.count - a.count);
    return { items: out.slice(0, q.limit ?? 1000), total: out.length, byOrganization: most(byOrg.values()), byStage: most(byStage.values()) };
  }

  private async overdueTasks(m: EntityManager, scope: SupervisionScope, q: AlertFilter, now: Date): Promise<AlertView[]> {
    const rows: {
      task_id: string; instance_id: string; process_key: string; element_id: string; name: string | null; org_id: string; org_name: string;
      due_at: Date; assignee: string | null; assignee_name: string | null; candidate_roles: string[];
    }[] = await m.query(
      `SELECT t.id AS task_id, t.instance_id, t.process_key, t.element_id, t.name, t.org_id, o.name AS org_name, t.due_at,
         t.assignee, u.full_name AS assignee_name, t.candidate_roles
       FROM user_task t JOIN organization o ON o.id = t.org_id LEFT JOIN app_user u ON u.id = t.assignee
       WHERE t.tenant_id = $1 AND t.due_at < $2 AND o.path LIKE ANY($3::text[])
         AND ($4::text IS NULL OR t.process_key = $4) AND ($5::text IS NULL OR t.element_id = $5)`,
      [scope.tenantId, now, scope.likes, q.processKey ?? null, q.elementId ?? null],
    );
    return rows.map((r) => ({
      kind: 'task-overdue' as const,
      taskId: r.task_id,
      processInstanceId: r.instance_id,
      processKey: r.process_key,
      elementId: r.element_id,
      elementName: r.name,
      orgId: r.org_id,
      orgName: r.org_name,
      dueAt: new Date(r.due_at).toISOString(),
      daysOverdue: daysOverdue(new Date(r.due_at), now),
      assignee: r.assignee,
      assigneeName: r.assignee_name,
      candidateRoles: r.candidate_roles ?? [],
      acknowledged: false,
      acknowledgements: [],
    }));
  }

  private async orphanedTasks(m: EntityManager, scope: SupervisionScope, q: AlertFilter, now: Date): Promise<AlertView[]> {
    const rows: {
      task_id: string; instance_id: string; process_key: string; element_id: string; name: string | null; org_id: string; org_name: string;
      due_at: Date | null; created_at: Date; assignee: string; assignee_name: string | null; candidate_roles: string[];
    }[] = await m.query(
      `SELECT t.id AS task_id, t.instance_id, t.process_key, t.element_id, t.name, t.org_id, o.name AS org_name, t.due_at, t.created_at,
         t.assignee, u.full_name AS assignee_name, t.candidate_roles
       FROM user_task t JOIN organization o ON o.id = t.org_id LEFT JOIN app_user u ON u.id = t.assignee
       WHERE t.tenant_id = $1 AND t.assignee IS NOT NULL AND (u.id IS NULL OR NOT u.is_active) AND o.path LIKE ANY($2::text[])
         AND ($3::text IS NULL OR t.process_key = $3) AND ($4::text IS NULL OR t.element_id = $4)`,
      [scope.tenantId, scope.likes, q.processKey ?? null, q.elementId ?? null],
    );
    return rows.map((r) => {
      const due = new Date(r.due_at ?? r.created_at);
      return {
        kind: 'assignee-inactive' as const,
        taskId: r.task_id,
        processInstanceId: r.instance_id,
        processKey: r.process_key,
        elementId: r.element_id,
        elementName: r.name,
        orgId: r.org_id,
        orgName: r.org_name,
        dueAt: due.toISOString(),
        daysOverdue: daysOverdue(due, now),
        assignee: r.assignee,
        assigneeName: r.assignee_name,
        candidateRoles: r.candidate_roles ?? [],
        acknowledged: false,
        acknowledgements: [],
      };
    });
  }

  private async overdueStages(m: EntityManager, scope: SupervisionScope, q: AlertFilter, now: Date): Promise<AlertView[]> {
    const limits = await this.variants.stageLimits(scope.tenantId);
    const pairs: string[] = [];
    for (const [key, els] of limits) {
      if (q.processKey && key !== q.processKey) continue;
      for (const el of els.keys()) if (!q.elementId || el === q.elementId) pairs.push(`${key} ${el}`);
    }
    if (!pairs.length) return [];
    const [{ time_zone: zone }] = await m.query(`SELECT time_zone FROM tenant WHERE id = $1`, [scope.tenantId]);
    // Element instances of active instances at a limited element, with their activation in the history.
    const rows: {
      instance_id: string; process_key: string; org_id: string; org_name: string; element_id: string; execution_id: string; kind: string;
      entered_at: Date | null; element_name: string | null; task_id: string | null; assignee: string | null; assignee_name: string | null;
      candidate_roles: string[] | null;
    }[] = await m.query(
      `SELECT pi.id AS instance_id, pi.process_key, pi.org_id, o.name AS org_name, e.value->>'elementId' AS element_id,
         e.key AS execution_id, e.value->>'kind' AS kind, h.at AS entered_at, h.element_name,
         t.id AS task_id, t.assignee, u.full_name AS assignee_name, t.candidate_roles
       FROM process_instance pi
       JOIN organization o ON o.id = pi.org_id
       CROSS JOIN LATERAL jsonb_each(pi.engine_state->'elements') e
       LEFT JOIN LATERAL (SELECT hh.at, hh.element_name FROM history_event hh
                          WHERE hh.instance_id = pi.id AND hh.execution_id = e.key AND hh.type = 'elementActivated'
                          ORDER BY hh.id LIMIT 1) h ON TRUE
       LEFT JOIN user_task t ON t.id = (e.value->>'userTaskId')::uuid
       LEFT JOIN app_user u ON u.id = t.assignee
       WHERE pi.tenant_id = $1 AND pi.state = 'active' AND o.path LIKE ANY($2::text[])
         AND (pi.process_key || ' ' || (e.value->>'elementId')) = ANY($3::text[])`,
      [scope.tenantId, scope.likes, pairs],
    );
    // One alert per (instance, element): the earliest entry (a multi-instance body before its items).
    const first = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      if (!r.entered_at) continue;
      const k = `${r.instance_id} ${r.element_id}`;
      const have = first.get(k);
      if (!have || new Date(r.entered_at) < new Date(have.entered_at!) || (r.kind === 'multiInstanceBody' && have.kind !== 'multiInstanceBody')) first.set(k, r);
    }
    const out: AlertView[] = [];
    for (const r of first.values()) {
      const iso = limits.get(r.process_key)!.get(r.element_id)!;
      const due = stageDueAt(new Date(r.entered_at!), iso, zone);
      if (due >= now) continue;
      out.push({
        kind: 'stage-overdue',
        ...(r.task_id ? { taskId: r.task_id } : {}),
        processInstanceId: r.instance_id,
        processKey: r.process_key,
        elementId: r.element_id,
        elementName: r.element_name,
        orgId: r.org_id,
        orgName: r.org_name,
        dueAt: due.toISOString(),
        daysOverdue: daysOverdue(due, now),
        enteredAt: new Date(r.entered_at!).toISOString(),
        stageLimit: iso,
        assignee: r.assignee,
        assigneeName: r.assignee_name,
        candidateRoles: r.candidate_roles ?? [],
        acknowledged: false,
        acknowledgements: [],
      });
    }
    return out;
  }

  private async attachAcks(m: EntityManager, items: AlertView[]): Promise<void> {
    if (!items.length) return;
    const acks: (AlertAckView & { instanceId: string; elementId: string; taskId: string | null })[] = await m.query(
      `SELECT a.id, a.instance_id AS "instanceId", a.element_id AS "elementId", a.task_id AS "taskId", a.user_id AS "userId",
         u.full_name AS "userName", a.comment, a.at
       FROM alert_ack a JOIN app_user u ON u.id = a.user_id WHERE a.instance_id = ANY($1::uuid[]) ORDER BY a.at, a.id`,
      [[...new Set(items.map((i) => i.processInstanceId))]],
    );
    for (const item of items) {
      item.acknowledgements = acks
        .filter((a) => a.instanceId === item.processInstanceId && a.elementId === item.elementId && (!a.taskId || !item.taskId || a.taskId === item.taskId))
        .map((a) => ({ id: a.id, userId: a.userId, userName: a.userName, comment: a.comment, at: new Date(a.at).toISOString() }));
      item.acknowledged = item.acknowledgements.length > 0;
    }
  }

  /**
   * Acknowledges an alert with a comment: a row in `alert_ack` and an `alertAcknowledged` row in
   * the instance's history, in one transaction. Only a supervisor of the instance's organisation.
   */
  async acknowledge(user: AuthUser, dto: AckAlertDto): Promise<AlertAckView & { processInstanceId: string; elementId: string; taskId: string | null }> {
    const [inst] = await this.ds.query(
      `SELECT pi.id, pi.tenant_id, o.path FROM process_instance pi JOIN organization o ON o.id = pi.org_id WHERE pi.id = $1`,
      [dto.processInstanceId],
    );
    if (!inst || (!user.isSuperadmin && inst.tenant_id !== user.tenantId) || !this.scopes.canSupervise(user, inst.path)) {
      throw new NotFoundException(msg('supervision.instanceNotFound', { id: dto.processInstanceId }));
    }
    const at = this.clock.now(inst.tenant_id);
    return this.ds.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO alert_ack (tenant_id, instance_id, element_id, task_id, user_id, comment, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [inst.tenant_id, inst.id, dto.elementId, dto.taskId ?? null, user.id, dto.comment, at],
      );
      await tx.query(
        `INSERT INTO history_event (tenant_id, instance_id, at, type, element_id, user_id, data) VALUES ($1, $2, $3, 'alertAcknowledged', $4, $5, $6)`,
        [inst.tenant_id, inst.id, at, dto.elementId, user.id, { ackId: row.id, taskId: dto.taskId ?? null, comment: dto.comment }],
      );
      return {
        id: row.id as string, processInstanceId: inst.id as string, elementId: dto.elementId, taskId: dto.taskId ?? null,
        userId: user.id, userName: user.fullName, comment: dto.comment, at: at.toISOString(),
      };
    });
  }
}
