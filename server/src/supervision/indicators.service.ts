import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import { evaluateFeel, FeelError, feelSyntaxError } from '../engine/feel/feel-evaluator.js';
import type { FeelEnvironment } from '../engine/feel/feel-evaluator.js';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { indicatorProblems, rolesOf } from '../runtime/definitions/indicator-declaration.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import type { IndicatorBreakdownView, IndicatorListView, IndicatorsQuery, IndicatorValueView } from './indicator.dto.js';
import { SupervisionScopeService } from './supervision-scope.service.js';
import type { SupervisionScope } from './supervision-scope.service.js';
import { VariantDeclarationsService } from './variant-declarations.service.js';
import type { IndicatorDeclaration, IndicatorQuery } from './variant-declarations.service.js';
import { msg, render } from '../common/messages/message-catalogue.js';

/** A counting problem in a declaration: reported on the indicator, the others still computed. */
class IndicatorError extends Error {}

/** The period of instance starts `[from, to)`; a bare date is midnight in the tenant's zone. */
export function parsePeriodBound(value: string | undefined, zone: string): Date | null {
  if (!value) return null;
  const d = DateTime.fromISO(value, { zone, setZone: !/^\d{4}-\d{2}-\d{2}$/.test(value) });
  if (!d.isValid) throw new BadRequestException(msg('indicators.badBound', { value }));
  return d.toJSDate();
}

/**
 * `period`: `2027` — the calendar year; `2027-2028` — the school year 1 September 2027 – 31 August
 * 2028; as `[from, to)` bounds (local midnights of the tenant's zone).
 */
export function periodBounds(period: string, zone: string): { from: string; to: string } {
  const year = /^(\d{4})$/.exec(period);
  if (year) return { from: `${year[1]}-01-01`, to: `${Number(year[1]) + 1}-01-01` };
  const school = /^(\d{4})-(\d{4})$/.exec(period);
  if (school && Number(school[2]) === Number(school[1]) + 1) return { from: `${school[1]}-09-01`, to: `${school[2]}-09-01` };
  void zone;
  throw new BadRequestException({ message: msg('indicators.badPeriod', { period }), fields: { period: [msg('indicators.badPeriodField')] } });
}

/**
 * The period in words, as the export's title says it: `2027 год`, `2027/2028 учебный год
 * (01.09.2027 – 31.08.2028)`, `01.03.2027 – 31.03.2027` (the last day included), `весь период`;
 * dates in the tenant's zone.
 */
export function periodTitle(period: string | undefined, from: Date | null, to: Date | null, zone: string): string {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('dd.MM.yyyy');
  // `to` is exclusive: the last day counted is the one before it
  const last = (d: Date) => day(new Date(d.getTime() - 1));
  if (period && /^\d{4}$/.test(period)) return `${period} год`;
  if (period && from && to) return `${period.replace('-', '/')} учебный год (${day(from)} – ${last(to)})`;
  if (from && to) return `${day(from)} – ${last(to)}`;
  if (from) return `с ${day(from)}`;
  if (to) return `по ${last(to)}`;
  return 'весь период';
}

/** One counted row: the unit (an instance, a person or an organisation) and the organisation path it counts at. */
interface Row {
  unit: string;
  path: string;
  /** the numeric value summed by a `sum` indicator */
  amount?: number;
}

/**
 * Computes the indicators that `variant.json` → `indicators` declares (see
 * `runtime/definitions/indicator-declaration.ts`) over an organisation subtree and a period:
 * distinct instances, people (subjects of instances, users of a role) or organisations; a share's
 * numerator is counted inside its denominator's set, so it never exceeds 100 %; `count` and `sum`
 * kinds give a number; a declared breakdown gives one row per organisation of a level.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(VariantDeclarationsService) private readonly variants: VariantDeclarationsService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
  ) {}

  /** `GET /api/indicators` for `user`. */
  async compute(user: AuthUser, q: IndicatorsQuery): Promise<IndicatorListView> {
    const scope = await this.scopes.resolve(user, q.tenant, q.orgId);
    const tenant = await this.tenants.get(scope.tenantId);
    if (q.period && (q.from || q.to)) {
      throw new BadRequestException({ message: msg('indicators.periodAndBounds'), fields: { period: [msg('indicators.periodAndBoundsField')] } });
    }
    const bounds = q.period ? periodBounds(q.period, tenant.timeZone) : { from: q.from, to: q.to };
    const from = parsePeriodBound(bounds.from, tenant.timeZone);
    const to = parsePeriodBound(bounds.to, tenant.timeZone);
    const env: FeelEnvironment = { now: await this.clock.read(scope.tenantId, undefined, tenant.ownClock), timeZone: tenant.timeZone, calendar: tenant.calendar };
    const items: IndicatorValueView[] = [];
    for (const d of await this.variants.indicators(scope.tenantId)) {
      const kind = d.kind ?? 'share';
      const base = { key: d.key, name: d.name, ...(d.description ? { description: d.description } : {}), variant: d.variant, kind };
      try {
        // a declaration stored before these checks existed is reported, not computed
        const problems = indicatorProblems([d], tenant.levels, new Set());
        // a stored declaration's problems stay the indicator's error text in English, as before
        if (problems.length) throw new IndicatorError(problems.map((p) => render(p, 'en')).join('; '));
        for (const side of [d.numerator, d.denominator, d.of]) if (side?.where !== undefined) this.checkWhere(side.where);
        items.push({ ...base, ...(await this.value(scope, d, from, to, env)) });
      } catch (e) {
        if (!(e instanceof IndicatorError || e instanceof FeelError)) throw e;
        items.push({ ...base, numerator: null, denominator: null, value: null, error: e.message });
      }
    }
    return {
      items, orgId: scope.org?.id ?? null, period: q.period ?? null, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null,
      periodTitle: periodTitle(q.period, from, to, tenant.timeZone),
    };
  }

  private checkWhere(where: unknown): void {
    const syntax = typeof where === 'string' ? feelSyntaxError(where.trim().replace(/^=/, '')) : '"where" must be a FEEL expression';
    if (syntax) throw new IndicatorError(syntax);
  }

  private async value(scope: SupervisionScope, d: IndicatorDeclaration, from: Date | null, to: Date | null, env: FeelEnvironment) {
    const orgs = d.breakdown ? await this.orgsAt(scope, d.breakdown.level) : null;
    const within = (rows: Row[], path: string) => rows.filter((r) => r.path.startsWith(path));
    const units = (rows: Row[]) => new Set(rows.map((r) => r.unit));
    if ((d.kind ?? 'share') === 'share') {
      const den = await this.rows(scope, d.denominator!, from, to, env);
      const num = units(await this.rows(scope, d.numerator!, from, to, env));
      // the numerator counted inside the denominator's set: never more than it
      const share = (rows: Row[]) => {
        const set = units(rows);
        const n = [...set].filter((u) => num.has(u)).length;
        return { numerator: n, denominator: set.size, value: set.size ? n / set.size : null };
      };
      const breakdown = orgs?.map((o) => ({ orgId: o.id, orgName: o.name, ...share(within(den, o.path)) }));
      return { ...share(den), ...(breakdown ? { breakdown, breakdownLevel: d.breakdown!.level } : {}) };
    }
    const rows = await this.rows(scope, d.of!, from, to, env, d.kind === 'sum' ? d.variable : undefined);
    const total = (rs: Row[]) => {
      if (d.kind === 'count') return units(rs).size;
      const seen = new Map<string, number>();
      for (const r of rs) seen.set(r.unit, r.amount ?? 0);
      return [...seen.values()].reduce((a, b) => a + b, 0);
    };
    const breakdown: IndicatorBreakdownView[] | undefined = orgs?.map((o) => {
      const v = total(within(rows, o.path));
      return { orgId: o.id, orgName: o.name, numerator: v, denominator: null, value: v };
    });
    const v = total(rows);
    return { numerator: v, denominator: null, value: v, ...(breakdown ? { breakdown, breakdownLevel: d.breakdown!.level } : {}) };
  }

  /** Active organisations of `level` in the scope, by name. */
  private async orgsAt(scope: SupervisionScope, level: string): Promise<{ id: string; name: string; path: string }[]> {
    return this.ds.query(
      `SELECT id, name, path FROM organization WHERE tenant_id = $1 AND level = $2 AND is_active AND path LIKE ANY($3::text[]) ORDER BY name, path`,
      [scope.tenantId, level, scope.likes],
    );
  }

  /** The rows one side counts (after its FEEL `where`). */
  private async rows(scope: SupervisionScope, qd: IndicatorQuery, from: Date | null, to: Date | null, env: FeelEnvironment, sumVariable?: string): Promise<Row[]> {
    if (qd.count === 'users') {
      const rows: { id: string; path: string; profile: JsonObject }[] = await this.ds.query(
        `SELECT u.id, o.path, u.profile FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organization o ON o.id = m.org_id
         WHERE u.is_active AND u.tenant_id = $1 AND m.role = ANY($2::text[]) AND o.is_active AND o.path LIKE ANY($3::text[])`,
        [scope.tenantId, rolesOf(qd), scope.likes],
      );
      return rows.filter((r) => !qd.where || this.holds(qd.where, r.profile ?? {}, env)).map((r) => ({ unit: r.id, path: r.path }));
    }
    if (qd.count === 'organisations' && !qd.process) {
      return (await this.orgsAt(scope, qd.level!)).map((o) => ({ unit: o.id, path: o.path }));
    }
    const reached = Array.isArray(qd.reached) ? qd.reached.filter((x) => typeof x === 'string') : null;
    const rows: { id: string; subject_id: string | null; path: string; variables: JsonObject | null }[] = await this.ds.query(
      `SELECT pi.id, pi.subject_id, o.path, ${qd.where || sumVariable ? 'pi.variables' : 'NULL AS variables'}
       FROM process_instance pi JOIN organization o ON o.id = pi.org_id
       WHERE pi.tenant_id = $1 AND pi.process_key = $2 AND o.path LIKE ANY($3::text[])
         AND ($4::timestamptz IS NULL OR pi.started_at >= $4) AND ($5::timestamptz IS NULL OR pi.started_at < $5)
         AND ($6::text IS NULL OR pi.state = $6)
         AND ($7::text[] IS NULL OR EXISTS (SELECT 1 FROM history_event h WHERE h.instance_id = pi.id
               AND h.type = 'elementCompleted' AND h.element_id = ANY($7::text[])))`,
      [scope.tenantId, qd.process, scope.likes, from, to, qd.state ?? null, reached],
    );
    const kept = rows.filter((r) => !qd.where || this.holds(qd.where, r.variables ?? {}, env));
    if (qd.count === 'subjects') return kept.filter((r) => r.subject_id).map((r) => ({ unit: r.subject_id!, path: r.path }));
    if (qd.count === 'organisations') {
      // the organisations of the level that hold such an instance in their subtree
      const orgs = await this.orgsAt(scope, qd.level!);
      return orgs.filter((o) => kept.some((r) => r.path.startsWith(o.path))).map((o) => ({ unit: o.id, path: o.path }));
    }
    return kept.map((r) => {
      const raw = sumVariable ? r.variables?.[sumVariable] : undefined;
      return { unit: r.id, path: r.path, ...(sumVariable ? { amount: typeof raw === 'number' && Number.isFinite(raw) ? raw : 0 } : {}) };
    });
  }

  /** A FEEL condition over `vars`: true only when it evaluates to true; a missing variable is false. */
  private holds(where: string, vars: JsonObject, env: FeelEnvironment): boolean {
    const expr = where.trim().startsWith('=') ? where.trim().slice(1) : where;
    try {
      return evaluateFeel(expr, vars, env) === true;
    } catch (e) {
      if (e instanceof FeelError && /Variable '[^']*' not found/.test(e.message)) return false;
      throw e;
    }
  }
}
