import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../../engine/feel/feel-evaluator.js';
import type { HttpEndpoint } from './http-endpoint.types.js';
import { CalendarService } from './calendar.service.js';
import { readStartContext } from './start-context-declaration.js';
import type { StartContextDeclaration } from './start-context-declaration.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** A role declared by a tenant's variant: its key, name and the level it lives at. */
export interface DeclaredRole {
  key: string;
  name: string;
  level: string;
}

/** Roles by the names people read (the variant's), «, »-separated, for messages: «Педагог, Методист ОО»; an undeclared key stays. */
export function roleNamesOf(tenant: Pick<TenantContext, 'roles'>, keys: readonly string[]): string {
  return keys.map((k) => tenant.roles.get(k)?.name ?? k).join(', ');
}

/** What commands need to know of a tenant. */
export interface TenantContext {
  id: string;
  key: string;
  timeZone: string;
  calendar: WorkingCalendar;
  /** Declared roles by key (union over the latest version of each variant). */
  roles: Map<string, DeclaredRole>;
  /** Levels from top to lowest (of the latest variant that declares them). */
  levels: string[];
  /** The tenant's (first) root organisation: the home of instances started without one (timers, messages). */
  rootOrgId: string | null;
  /** Whether the tenant runs on a time of its own (a sandbox; every tenant under the simulated clock). */
  ownClock: boolean;
  /** HTTP endpoints the `http` action may call, by name (`variant.json` → `httpEndpoints`). */
  httpEndpoints: Record<string, HttpEndpoint>;
  /** Roles that may start each process (`variant.json` → `processes.<key>.startRoles`); absent: anyone. */
  startRoles: Map<string, string[]>;
  /** Processes whose timer starts run once per active organisation of a level (`processes.<key>.startFor`). */
  startFor: Map<string, { level: string }>;
  /** Variables processes start with by declaration (`processes.<key>.orgList`, `carryOver`). */
  startContext: Map<string, StartContextDeclaration>;
  /** Messages participants may raise on an instance of a process (`processes.<key>.raisable`). */
  raisable: Map<string, { message: string; roles?: string[]; comment?: string }[]>;
  /** Keys of the profile fields the variants declare (`variant.json` → `profileFields`): FEEL's `subject` carries them. */
  profileFields: string[];
}

const TTL_MS = 5_000;

/**
 * Tenants' time zones, calendars and declared roles, cached briefly (deploys in this process
 * invalidate at once; other processes see a deploy within {@link TTL_MS}).
 */
@Injectable()
export class TenantContextService {
  private readonly cache = new Map<string, { at: number; ctx: TenantContext }>();

  constructor(
    private readonly ds: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  async get(tenantId: string, tx: EntityManager = this.ds.manager): Promise<TenantContext> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.ctx;
    const [t] = await tx.query(`SELECT id, key, time_zone, EXISTS (SELECT 1 FROM tenant_clock c WHERE c.tenant_id = tenant.id) AS own_clock FROM tenant WHERE id = $1`, [tenantId]);
    if (!t) throw new NotFoundException(msg('tenant.idNotFound', { id: tenantId }));
    const variants: { content: { roles?: DeclaredRole[]; levels?: string[]; calendar?: string; httpEndpoints?: Record<string, HttpEndpoint>;
      processes?: Record<string, { startRoles?: string[]; startFor?: { level?: unknown }; raisable?: { message?: unknown; roles?: unknown; comment?: unknown }[]; orgList?: unknown; carryOver?: unknown; userList?: unknown }>;
      profileFields?: { key?: unknown }[] } }[] = await tx.query(
      `SELECT DISTINCT ON (key) content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC`,
      [tenantId],
    );
    const roles = new Map<string, DeclaredRole>();
    let levels: string[] = [];
    let calendarName: string | undefined;
    const httpEndpoints: Record<string, HttpEndpoint> = {};
    const startRoles = new Map<string, string[]>();
    const profileFields = new Set<string>();
    const startFor = new Map<string, { level: string }>();
    const startContext = new Map<string, StartContextDeclaration>();
    const raisable = new Map<string, { message: string; roles?: string[]; comment?: string }[]>();
    for (const v of variants) {
      for (const f of Array.isArray(v.content.profileFields) ? v.content.profileFields : []) {
        if (typeof f?.key === 'string') profileFields.add(f.key);
      }
      for (const [key, p] of Object.entries(v.content.processes ?? {})) {
        if (p?.startRoles?.length) startRoles.set(key, [...(startRoles.get(key) ?? []), ...p.startRoles]);
        if (typeof p?.startFor?.level === 'string') startFor.set(key, { level: p.startFor.level });
        const sc = readStartContext(p);
        if (sc) startContext.set(key, sc);
        for (const r of Array.isArray(p?.raisable) ? p.raisable : []) {
          if (typeof r?.message !== 'string') continue;
          const roles = Array.isArray(r.roles) ? r.roles.filter((x): x is string => typeof x === 'string') : undefined;
          raisable.set(key, [...(raisable.get(key) ?? []), { message: r.message, ...(roles?.length ? { roles } : {}), ...(typeof r.comment === 'string' ? { comment: r.comment } : {}) }]);
        }
      }
      Object.assign(httpEndpoints, v.content.httpEndpoints ?? {});
      for (const r of v.content.roles ?? []) roles.set(r.key, r);
      if ((v.content.levels?.length ?? 0) > levels.length) levels = v.content.levels!;
      calendarName ??= v.content.calendar;
    }
    const [root] = await tx.query(
      `SELECT id FROM organization WHERE tenant_id = $1 AND parent_id IS NULL AND is_active ORDER BY created_at LIMIT 1`,
      [tenantId],
    );
    const ctx: TenantContext = {
      id: t.id,
      key: t.key,
      timeZone: t.time_zone,
      calendar: this.calendars.get(calendarName),
      roles,
      levels,
      rootOrgId: root?.id ?? null,
      ownClock: !!t.own_clock,
      httpEndpoints,
      startRoles,
      profileFields: [...profileFields],
      startFor,
      startContext,
      raisable,
    };
    this.cache.set(tenantId, { at: Date.now(), ctx });
    return ctx;
  }

  /** Resolves a tenant key or id to its id; 404 when unknown. */
  async resolveId(keyOrId: string): Promise<string> {
    const rows = await this.ds.query(
      `SELECT id FROM tenant WHERE key = $1 OR (id::text = $1)`,
      [keyOrId],
    );
    if (!rows.length) throw new NotFoundException(msg('tenant.notFound', { ref: keyOrId }));
    return rows[0].id;
  }
}
