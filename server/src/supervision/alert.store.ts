import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/queryable.js';

/** Alert kinds (see `AlertsService`). */
export type AlertKind = 'task-overdue' | 'stage-overdue' | 'assignee-inactive';

/** What an alert query covers and filters by; everything is counted and paged in SQL. */
export interface AlertQuery {
  tenantId: string;
  /** `LIKE` patterns of the organisation subtrees in scope. */
  likes: string[];
  /** The engine clock's time of the tenant. */
  now: Date;
  /** The tenant's time zone: stage limits are calendar arithmetic in it. */
  zone: string;
  /** Stage limits in scope of the filters: `[processKey, elementId, ISO duration]`. */
  stageLimits: [string, string, string][];
  kind?: AlertKind;
  processKey?: string;
  elementId?: string;
  /** Only this definition version's instances (the process map of one version). */
  definitionId?: string;
  minDaysOverdue?: number;
  acknowledged?: boolean;
}

/** One alert row as the store reads it (acknowledgements are attached by the caller). */
export interface AlertRow {
  kind: AlertKind;
  task_id: string | null;
  instance_id: string;
  process_key: string;
  element_id: string;
  element_name: string | null;
  org_id: string;
  org_name: string;
  due: Date;
  days: number;
  entered_at: Date | null;
  stage_limit: string | null;
  assignee: string | null;
  assignee_name: string | null;
  candidate_roles: string[] | null;
}

/** Acknowledgement rows of a set of instances. */
export interface AlertAckRow {
  id: string; instanceId: string; elementId: string; taskId: string | null; userId: string; userName: string; comment: string; at: Date;
}

/**
 * SQL of the overdue alerts: ONE statement builds the alerts of a scope (overdue tasks, overdue
 * stages, tasks of a deactivated or missing assignee) and counts, groups and pages them, so a
 * municipality with ten thousand overdue tasks costs one index range scan per organisation in
 * scope and one page of rows in memory — never every alert.
 *
 * The scope is resolved to its organisations first (`organization_path_idx`), and the tasks of
 * those organisations are read through `user_task_org_due_idx (org_id, due_at)` and
 * `user_task_assigned_org_idx (org_id) INCLUDE (assignee) WHERE assignee IS NOT NULL`.
 */
@Injectable()
export class AlertStore {
  constructor(private readonly ds: DataSource) {}

  /** The `WITH … alerts` part and its parameters: the one rule of what an alert is. */
  private alertsCte(a: AlertQuery): { cte: string; params: unknown[] } {
    const params: unknown[] = [a.tenantId, a.likes, a.now];
    const p = (v: unknown) => `$${params.push(v)}`;
    const taskFilter = [
      ...(a.processKey ? [`t.process_key = ${p(a.processKey)}`] : []),
      ...(a.elementId ? [`t.element_id = ${p(a.elementId)}`] : []),
      ...(a.definitionId ? [`t.definition_id = ${p(a.definitionId)}::uuid`] : []),
    ].map((c) => ` AND ${c}`).join('');
    const parts: string[] = [];
    if (!a.kind || a.kind === 'task-overdue') {
      parts.push(`SELECT 'task-overdue' AS kind, t.id AS task_id, t.instance_id, t.process_key, t.element_id, t.name AS element_name,
          t.org_id, o.name AS org_name, t.due_at AS due, NULL::timestamptz AS entered_at, NULL::text AS stage_limit, t.assignee, t.candidate_roles
        FROM scope_org o JOIN user_task t ON t.org_id = o.id AND t.due_at < $3 WHERE TRUE${taskFilter}`);
    }
    if (!a.kind || a.kind === 'assignee-inactive') {
      // Tasks of the scope with an assignee who is not an active user of the tenant (deactivated, or no
      // such user): the scope's distinct assignees (an index-only scan of user_task_assigned_org_idx),
      // those of them who cannot act, then their tasks in the scope.
      parts.push(`SELECT 'assignee-inactive', t.id, t.instance_id, t.process_key, t.element_id, t.name, t.org_id, o.name,
          coalesce(t.due_at, t.created_at), NULL::timestamptz, NULL::text, t.assignee, t.candidate_roles
        FROM (SELECT DISTINCT ta.assignee FROM scope_org so JOIN user_task ta ON ta.org_id = so.id AND ta.assignee IS NOT NULL) gone
        JOIN user_task t ON t.assignee = gone.assignee
        JOIN scope_org o ON o.id = t.org_id
        -- a lookup per distinct assignee (a hash of every user of the tenant costs more)
        WHERE NOT coalesce((SELECT u.is_active AND u.tenant_id = $1 FROM app_user u WHERE u.id = gone.assignee), FALSE)${taskFilter}`);
    }
    if ((!a.kind || a.kind === 'stage-overdue') && a.stageLimits.length) {
      const keys = p(a.stageLimits.map((l) => l[0]));
      const els = p(a.stageLimits.map((l) => l[1]));
      const isos = p(a.stageLimits.map((l) => l[2]));
      const zone = p(a.zone);
      const defFilter = a.definitionId ? ` AND pi.definition_id = ${p(a.definitionId)}::uuid` : '';
      // An element instance of an active instance at a limited element, entered (its first activation in the
      // history) longer ago than the limit; one alert per (instance, element): the earliest entry, a
      // multi-instance body before its items. The limit is calendar arithmetic in the tenant's zone.
      parts.push(`SELECT DISTINCT ON (pi.id, lim.element_id) 'stage-overdue', t.id, pi.id, pi.process_key, lim.element_id, h.element_name,
          pi.org_id, o.name, ((h.at AT TIME ZONE ${zone}) + lim.iso::interval) AT TIME ZONE ${zone}, h.at, lim.iso, t.assignee, t.candidate_roles
        FROM unnest(${keys}::text[], ${els}::text[], ${isos}::text[]) AS lim(process_key, element_id, iso)
        JOIN process_instance pi ON pi.tenant_id = $1 AND pi.state = 'active' AND pi.process_key = lim.process_key${defFilter}
          AND lim.element_id = ANY(pi.active_element_ids)
        JOIN scope_org o ON o.id = pi.org_id
        CROSS JOIN LATERAL jsonb_each(pi.engine_state->'elements') e
        JOIN LATERAL (SELECT hh.at, hh.element_name FROM history_event hh
                      WHERE hh.instance_id = pi.id AND hh.execution_id = e.key AND hh.type = 'elementActivated'
                      ORDER BY hh.id LIMIT 1) h ON TRUE
        LEFT JOIN user_task t ON t.id = (e.value->>'userTaskId')::uuid
        WHERE e.value->>'elementId' = lim.element_id
          AND ((h.at AT TIME ZONE ${zone}) + lim.iso::interval) AT TIME ZONE ${zone} < $3
        ORDER BY pi.id, lim.element_id, (e.value->>'kind' = 'multiInstanceBody') DESC, h.at`);
    }
    if (!parts.length) parts.push(`SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::uuid, NULL::text,
      NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::uuid, NULL::text[] WHERE FALSE`);
    const acked = `EXISTS (SELECT 1 FROM alert_ack k WHERE k.instance_id = x.instance_id AND k.element_id = x.element_id
        AND (k.task_id IS NULL OR x.task_id IS NULL OR k.task_id = x.task_id))`;
    const where = [
      ...(a.minDaysOverdue !== undefined ? [`days >= ${p(a.minDaysOverdue)}`] : []),
      ...(a.acknowledged === true ? ['acked'] : a.acknowledged === false ? ['NOT acked'] : []),
    ];
    const cte = `WITH scope_org AS MATERIALIZED (SELECT id, name FROM organization WHERE tenant_id = $1 AND path LIKE ANY($2::text[])),
      raw (kind, task_id, instance_id, process_key, element_id, element_name, org_id, org_name, due, entered_at, stage_limit, assignee,
        candidate_roles) AS (${parts.map((s) => `(${s})`).join(' UNION ALL ')}),
      alerts AS (SELECT * FROM (SELECT x.*, greatest(0, floor(extract(epoch FROM ($3::timestamptz - x.due)) / 86400))::int AS days,
          ${acked} AS acked FROM raw x) y ${where.length ? `WHERE ${where.join(' AND ')}` : ''})`;
    return { cte, params };
  }

  /** A page of alerts, most overdue first, with the total and the counts by organisation and by stage. */
  async page(a: AlertQuery, limit: number, offset: number, q: Queryable = this.ds): Promise<{
    rows: AlertRow[]; total: number;
    byOrganization: { orgId: string; orgName: string; count: number }[];
    byStage: { processKey: string; elementId: string; elementName: string | null; count: number }[];
  }> {
    const { cte, params } = this.alertsCte(a);
    const lim = `$${params.push(limit)}`;
    const off = `$${params.push(offset)}`;
    const [r] = await q.query(
      `${cte}
       SELECT (SELECT count(*)::int FROM alerts) AS total,
         (SELECT coalesce(json_agg(g ORDER BY g.count DESC, g."orgName"), '[]') FROM
           (SELECT org_id AS "orgId", min(org_name) AS "orgName", count(*)::int AS count FROM alerts GROUP BY org_id) g) AS by_org,
         (SELECT coalesce(json_agg(g ORDER BY g.count DESC, g."processKey", g."elementId"), '[]') FROM
           (SELECT process_key AS "processKey", element_id AS "elementId", min(element_name) AS "elementName", count(*)::int AS count
            FROM alerts GROUP BY process_key, element_id) g) AS by_stage,
         (SELECT coalesce(json_agg(p), '[]') FROM
           (SELECT pg.*, (SELECT u.full_name FROM app_user u WHERE u.id = pg.assignee) AS assignee_name FROM
             (SELECT * FROM alerts ORDER BY days DESC, due, instance_id, element_id LIMIT ${lim} OFFSET ${off}) pg) p) AS rows`,
      params,
    );
    return {
      total: r.total, byOrganization: r.by_org, byStage: r.by_stage,
      rows: (r.rows as (Omit<AlertRow, 'due' | 'entered_at'> & { due: string; entered_at: string | null })[]).map((x) => ({
        ...x, due: new Date(x.due), entered_at: x.entered_at ? new Date(x.entered_at) : null,
      })),
    };
  }

  /** Distinct instances with an alert, per element and in all (the process map's overdue counts). */
  async instancesByElement(a: AlertQuery, q: Queryable = this.ds): Promise<{ byElement: Map<string, number>; instances: number }> {
    const { cte, params } = this.alertsCte(a);
    const rows: { element_id: string | null; n: number }[] = await q.query(
      `${cte}
       SELECT element_id, count(DISTINCT instance_id)::int AS n FROM alerts GROUP BY GROUPING SETS ((element_id), ())`,
      params,
    );
    const byElement = new Map<string, number>();
    let instances = 0;
    for (const r of rows) {
      if (r.element_id === null) instances = r.n;
      else byElement.set(r.element_id, r.n);
    }
    return { byElement, instances };
  }

  /** The acknowledgements of the alerts of these instances, oldest first. */
  async acks(instanceIds: string[], q: Queryable = this.ds): Promise<AlertAckRow[]> {
    if (!instanceIds.length) return [];
    return q.query(
      `SELECT a.id, a.instance_id AS "instanceId", a.element_id AS "elementId", a.task_id AS "taskId", a.user_id AS "userId",
         u.full_name AS "userName", a.comment, a.at
       FROM alert_ack a JOIN app_user u ON u.id = a.user_id WHERE a.instance_id = ANY($1::uuid[]) ORDER BY a.at, a.id`,
      [instanceIds],
    );
  }

  /** The tenant's time zone. */
  async zone(tenantId: string, q: Queryable = this.ds): Promise<string> {
    const [r] = await q.query(`SELECT time_zone FROM tenant WHERE id = $1`, [tenantId]);
    return r?.time_zone ?? 'UTC';
  }

  /** The instance an acknowledgement is about, with its tenant and organisation path. */
  async instanceForAck(instanceId: string, q: Queryable = this.ds): Promise<{ id: string; tenant_id: string; path: string } | undefined> {
    const [inst] = await q.query(
      `SELECT pi.id, pi.tenant_id, o.path FROM process_instance pi JOIN organization o ON o.id = pi.org_id WHERE pi.id = $1`,
      [instanceId],
    );
    return inst;
  }

  /** Records an acknowledgement: the `alert_ack` row and the instance's history row (the caller's transaction). */
  async insertAck(
    r: { tenantId: string; instanceId: string; elementId: string; taskId: string | null; userId: string; comment: string; at: Date },
    q: Queryable,
  ): Promise<string> {
    const [row] = await q.query(
      `INSERT INTO alert_ack (tenant_id, instance_id, element_id, task_id, user_id, comment, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.tenantId, r.instanceId, r.elementId, r.taskId, r.userId, r.comment, r.at],
    );
    await q.query(
      `INSERT INTO history_event (tenant_id, instance_id, at, type, element_id, user_id, data) VALUES ($1, $2, $3, 'alertAcknowledged', $4, $5, $6)`,
      [r.tenantId, r.instanceId, r.at, r.elementId, r.userId, { ackId: row.id, taskId: r.taskId, comment: r.comment }],
    );
    return row.id;
  }
}
