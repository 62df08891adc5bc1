import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ClockService } from '../jobs/clock.service.js';
import { evaluateFeel, FeelError, feelSyntaxError } from '../engine/feel/feel-evaluator.js';
import type { FeelEnvironment } from '../engine/feel/feel-evaluator.js';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import type { IndicatorListView, IndicatorsQuery, IndicatorValueView } from './indicator.dto.js';
import { SupervisionScopeService } from './supervision-scope.service.js';
import type { SupervisionScope } from './supervision-scope.service.js';
import { VariantDeclarationsService } from './variant-declarations.service.js';
import type { IndicatorQuery } from './variant-declarations.service.js';

/** A counting problem in a declaration: reported on the indicator, the others still computed. */
class IndicatorError extends Error {}

/** The period of instance starts `[from, to)`; a bare date is midnight in the tenant's zone. */
export function parsePeriodBound(value: string | undefined, zone: string): Date | null {
  if (!value) return null;
  const d = DateTime.fromISO(value, { zone, setZone: !/^\d{4}-\d{2}-\d{2}$/.test(value) });
  if (!d.isValid) throw new BadRequestException(`not an ISO date or instant: ${value}`);
  return d.toJSDate();
}

/**
 * Computes the indicators that `variant.json` → `indicators` declares, as shares numerator ÷
 * denominator over an organisation subtree and a period, from process data:
 * - `{ count: 'instances', process, reached?, state?, where? }` counts instances of the process
 *   whose organisation is in the subtree and that started in `[from, to)`; `reached` keeps those
 *   that completed any of the elements (history), `state` the completed or active ones, `where` a
 *   FEEL condition over the instance variables;
 * - `{ count: 'users', role, where? }` counts active users with a membership of the role in the
 *   subtree; `where` is FEEL over the user's profile.
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
    const from = parsePeriodBound(q.from, tenant.timeZone);
    const to = parsePeriodBound(q.to, tenant.timeZone);
    const env: FeelEnvironment = { now: await this.clock.read(scope.tenantId, undefined, tenant.ownClock), timeZone: tenant.timeZone, calendar: tenant.calendar };
    const items: IndicatorValueView[] = [];
    for (const d of await this.variants.indicators(scope.tenantId)) {
      const base = { key: d.key, name: d.name, ...(d.description ? { description: d.description } : {}), variant: d.variant };
      try {
        for (const side of [d.numerator, d.denominator]) this.check(side);
        const numerator = await this.count(scope, d.numerator, from, to, env);
        const denominator = await this.count(scope, d.denominator, from, to, env);
        items.push({ ...base, numerator, denominator, value: denominator ? numerator / denominator : null });
      } catch (e) {
        if (!(e instanceof IndicatorError || e instanceof FeelError)) throw e;
        items.push({ ...base, numerator: null, denominator: null, value: null, error: e.message });
      }
    }
    return { items, orgId: scope.org?.id ?? null, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
  }

  /** Throws an {@link IndicatorError} naming what is wrong with one side of a declaration. */
  private check(qd: IndicatorQuery): void {
    if (!qd || typeof qd !== 'object') throw new IndicatorError('numerator and denominator must be objects with "count"');
    if (qd.count !== 'instances' && qd.count !== 'users') {
      throw new IndicatorError(`"count" must be "instances" or "users", not "${String((qd as { count?: unknown }).count)}"`);
    }
    if (qd.where !== undefined) {
      const syntax = typeof qd.where === 'string' ? feelSyntaxError(qd.where.trim().replace(/^=/, '')) : '"where" must be a FEEL expression';
      if (syntax) throw new IndicatorError(syntax);
    }
  }

  private async count(scope: SupervisionScope, qd: IndicatorQuery, from: Date | null, to: Date | null, env: FeelEnvironment): Promise<number> {
    if (!qd || typeof qd !== 'object') throw new IndicatorError('numerator and denominator must be objects with "count"');
    if (qd.count === 'instances') {
      if (typeof qd.process !== 'string') throw new IndicatorError('"count": "instances" needs "process"');
      if (qd.state !== undefined && qd.state !== 'completed' && qd.state !== 'active') throw new IndicatorError(`"state" must be "completed" or "active", not "${String(qd.state)}"`);
      const reached = Array.isArray(qd.reached) ? qd.reached.filter((x) => typeof x === 'string') : null;
      const sql = `FROM process_instance pi JOIN organization o ON o.id = pi.org_id
        WHERE pi.tenant_id = $1 AND pi.process_key = $2 AND o.path LIKE ANY($3::text[])
          AND ($4::timestamptz IS NULL OR pi.started_at >= $4) AND ($5::timestamptz IS NULL OR pi.started_at < $5)
          AND ($6::text IS NULL OR pi.state = $6)
          AND ($7::text[] IS NULL OR EXISTS (SELECT 1 FROM history_event h WHERE h.instance_id = pi.id
                AND h.type = 'elementCompleted' AND h.element_id = ANY($7::text[])))`;
      const params = [scope.tenantId, qd.process, scope.likes, from, to, qd.state ?? null, reached];
      if (!qd.where) {
        const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n ${sql}`, params);
        return n;
      }
      const rows: { variables: JsonObject }[] = await this.ds.query(`SELECT pi.variables ${sql}`, params);
      return rows.filter((r) => this.holds(qd.where!, r.variables ?? {}, env)).length;
    }
    if (qd.count === 'users') {
      if (typeof qd.role !== 'string') throw new IndicatorError('"count": "users" needs "role"');
      const rows: { profile: JsonObject }[] = await this.ds.query(
        `SELECT u.profile FROM app_user u WHERE u.is_active AND u.tenant_id = $1 AND EXISTS (
           SELECT 1 FROM membership m JOIN organization o ON o.id = m.org_id
           WHERE m.user_id = u.id AND m.role = $2 AND o.path LIKE ANY($3::text[]))`,
        [scope.tenantId, qd.role, scope.likes],
      );
      if (!qd.where) return rows.length;
      return rows.filter((r) => this.holds(qd.where!, r.profile ?? {}, env)).length;
    }
    throw new IndicatorError(`"count" must be "instances" or "users", not "${String((qd as { count?: unknown }).count)}"`);
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
