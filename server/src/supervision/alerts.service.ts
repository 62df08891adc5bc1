import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime, Duration } from 'luxon';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import type { AckAlertDto, AlertAckView, AlertListView, AlertView, ListAlertsQuery } from './alert.dto.js';
import { AlertStore } from './alert.store.js';
import type { AlertKind, AlertQuery } from './alert.store.js';
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
export type AlertFilter = Pick<ListAlertsQuery, 'processKey' | 'elementId' | 'minDaysOverdue' | 'kind' | 'acknowledged' | 'limit' | 'offset'>;

/**
 * Overdue alerts, computed from the runtime tables at the engine clock's time:
 * - `task-overdue`: an open user task past its `due_at`;
 * - `stage-overdue`: an instance that stays in an element or sub-process longer than the limit
 *   `variant.json` → `processes.<key>.stageLimits.<elementId>` (ISO duration) sets on it, counted
 *   from the element's activation in the history.
 * - `assignee-inactive`: an open user task whose assignee is deactivated or no longer exists — nobody
 *   will do it until an administrator or supervisor gives it to someone (`POST /api/tasks/:id/assignee`).
 * Acknowledgements (with comments) are kept in `alert_ack` and in the instance's history. Filtering,
 * counting, grouping and paging happen in SQL (`AlertStore`): only the page is read.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(VariantDeclarationsService) private readonly variants: VariantDeclarationsService,
    @Inject(AlertStore) private readonly store: AlertStore,
  ) {}

  /** `GET /api/alerts` for `user`. */
  async list(user: AuthUser, q: ListAlertsQuery): Promise<AlertListView> {
    const scope = await this.scopes.resolve(user, q.tenant, q.orgId);
    return this.forScope(scope, q);
  }

  /** The store's query of a scope and filter at the tenant's engine time. */
  async query(
    scope: SupervisionScope, q: Omit<AlertFilter, 'limit' | 'offset'> & { definitionId?: string }, m: EntityManager = this.ds.manager,
  ): Promise<AlertQuery> {
    const now = await this.clock.read(scope.tenantId, m, this.clock.hasOwnClock(scope.tenantId));
    const stageLimits: [string, string, string][] = [];
    if (!q.kind || q.kind === 'stage-overdue') {
      for (const [key, els] of await this.variants.stageLimits(scope.tenantId)) {
        if (q.processKey && key !== q.processKey) continue;
        for (const [el, iso] of els) if (!q.elementId || el === q.elementId) stageLimits.push([key, el, iso]);
      }
    }
    return {
      tenantId: scope.tenantId, likes: scope.likes, now, zone: stageLimits.length ? await this.store.zone(scope.tenantId, m) : 'UTC', stageLimits,
      kind: q.kind as AlertKind | undefined, processKey: q.processKey, elementId: q.elementId, definitionId: q.definitionId,
      minDaysOverdue: q.minDaysOverdue, acknowledged: q.acknowledged === 'true' ? true : q.acknowledged === 'false' ? false : undefined,
    };
  }

  /** Alerts of a scope (also used by the digest, with a transaction): a page, the total and the counts. */
  async forScope(scope: SupervisionScope, q: AlertFilter, m: EntityManager = this.ds.manager): Promise<AlertListView> {
    const page = await this.store.page(await this.query(scope, q, m), q.limit ?? 1000, q.offset ?? 0, m);
    const items: AlertView[] = page.rows.map((r) => ({
      kind: r.kind,
      ...(r.task_id ? { taskId: r.task_id } : {}),
      processInstanceId: r.instance_id,
      processKey: r.process_key,
      elementId: r.element_id,
      elementName: r.element_name,
      orgId: r.org_id,
      orgName: r.org_name,
      dueAt: r.due.toISOString(),
      daysOverdue: r.days,
      ...(r.kind === 'stage-overdue' ? { enteredAt: r.entered_at!.toISOString(), stageLimit: r.stage_limit! } : {}),
      assignee: r.assignee,
      assigneeName: r.assignee_name,
      candidateRoles: r.candidate_roles ?? [],
      acknowledged: false,
      acknowledgements: [],
    }));
    const acks = await this.store.acks([...new Set(items.map((i) => i.processInstanceId))], m);
    for (const item of items) {
      item.acknowledgements = acks
        .filter((a) => a.instanceId === item.processInstanceId && a.elementId === item.elementId && (!a.taskId || !item.taskId || a.taskId === item.taskId))
        .map((a) => ({ id: a.id, userId: a.userId, userName: a.userName, comment: a.comment, at: new Date(a.at).toISOString() }));
      item.acknowledged = item.acknowledgements.length > 0;
    }
    return { items, total: page.total, byOrganization: page.byOrganization, byStage: page.byStage };
  }

  /** Distinct instances with an alert of the scope, per element and in all (the process map's overdue counts). */
  async instancesByElement(scope: SupervisionScope, q: { processKey: string; definitionId?: string }): Promise<{ byElement: Map<string, number>; instances: number }> {
    return this.store.instancesByElement(await this.query(scope, q));
  }

  /**
   * Acknowledges an alert with a comment: a row in `alert_ack` and an `alertAcknowledged` row in
   * the instance's history, in one transaction. Only a supervisor of the instance's organisation.
   */
  async acknowledge(user: AuthUser, dto: AckAlertDto): Promise<AlertAckView & { processInstanceId: string; elementId: string; taskId: string | null }> {
    const inst = await this.store.instanceForAck(dto.processInstanceId);
    if (!inst || (!user.isSuperadmin && inst.tenant_id !== user.tenantId) || !this.scopes.canSupervise(user, inst.path)) {
      throw new NotFoundException(msg('supervision.instanceNotFound', { id: dto.processInstanceId }));
    }
    const at = this.clock.now(inst.tenant_id);
    return this.ds.transaction(async (tx) => {
      const id = await this.store.insertAck(
        { tenantId: inst.tenant_id, instanceId: inst.id, elementId: dto.elementId, taskId: dto.taskId ?? null, userId: user.id, comment: dto.comment, at },
        tx,
      );
      return {
        id, processInstanceId: inst.id, elementId: dto.elementId, taskId: dto.taskId ?? null,
        userId: user.id, userName: user.fullName, comment: dto.comment, at: at.toISOString(),
      };
    });
  }
}
