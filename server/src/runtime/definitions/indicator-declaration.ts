/**
 * Indicators as `variant.json` → `indicators[]` declares them, and the deploy-time check of a
 * declaration. Pure: no database.
 *
 * An indicator counts distinct **units** over an organisation subtree and a period:
 * - `{ count: 'instances', process, reached?, state?, where? }` — instances of a process (started in the period);
 * - `{ count: 'subjects', process, … }` — the distinct people those instances are about (their subjects);
 * - `{ count: 'users', role, where? }` — active users holding the role (or any of a list of roles) in the subtree (`where` over the profile);
 * - `{ count: 'organisations', level, process?, … }` — active organisations of a level, or those with such instances.
 *
 * Kinds: `share` (default; `numerator` ÷ `denominator`, the numerator counted inside the denominator's
 * set, so never above 100 %), `count` (`of`) and `sum` (`of` instances, the numeric `variable` summed).
 * `breakdown: { level }` adds one row per organisation of that level.
 */
import { msg } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../../common/messages/message-catalogue.js';

/** What one side of an indicator counts. */
export interface IndicatorQuery {
  count: 'instances' | 'subjects' | 'users' | 'organisations';
  process?: string;
  reached?: string[];
  state?: 'completed' | 'active';
  where?: string;
  /** a role key, or a list of them (a person holding several counts once) */
  role?: string | string[];
  level?: string;
}

/** The role keys a `users` side counts. */
export function rolesOf(q: IndicatorQuery): string[] {
  return Array.isArray(q.role) ? q.role.filter((r) => typeof r === 'string') : typeof q.role === 'string' ? [q.role] : [];
}

/** An indicator as declared. */
export interface IndicatorDeclaration {
  key: string;
  name: string;
  description?: string;
  kind?: 'share' | 'count' | 'sum';
  numerator?: IndicatorQuery;
  denominator?: IndicatorQuery;
  of?: IndicatorQuery;
  variable?: string;
  breakdown?: { level: string };
  /** The variant that declares it. */
  variant: string;
}

/** The unit a side counts: shares compare like with like. */
export function unitOf(q: IndicatorQuery): 'instance' | 'person' | 'organisation' {
  if (q.count === 'instances') return 'instance';
  if (q.count === 'organisations') return 'organisation';
  return 'person';
}

const COUNTS = ['instances', 'subjects', 'users', 'organisations'];

function queryProblems(q: unknown, where: string, levels: string[]): LocalizedMessage[] {
  if (!q || typeof q !== 'object' || Array.isArray(q)) return [msg('indicator.sideObject', { at: where })];
  const x = q as Partial<IndicatorQuery>;
  const out: LocalizedMessage[] = [];
  if (!COUNTS.includes(String(x.count))) return [msg('indicator.count', { at: where, counts: COUNTS.join(', '), count: String(x.count) })];
  if ((x.count === 'instances' || x.count === 'subjects') && typeof x.process !== 'string') out.push(msg('indicator.needsProcess', { at: where, count: x.count }));
  const roleOk = typeof x.role === 'string' || (Array.isArray(x.role) && x.role.length > 0 && x.role.every((r) => typeof r === 'string'));
  if (x.count === 'users' && !roleOk) out.push(msg('indicator.needsRole', { at: where }));
  if (x.count === 'organisations' && (typeof x.level !== 'string' || !levels.includes(x.level))) {
    out.push(msg('indicator.needsLevel', { at: where, levels: levels.join(', ') }));
  }
  if (x.state !== undefined && x.state !== 'completed' && x.state !== 'active') out.push(msg('indicator.state', { at: where }));
  if (x.reached !== undefined && (!Array.isArray(x.reached) || x.reached.some((r) => typeof r !== 'string'))) out.push(msg('indicator.reached', { at: where }));
  if (x.where !== undefined && typeof x.where !== 'string') out.push(msg('indicator.where', { at: where }));
  return out;
}

/**
 * Problems of the `indicators` of a variant file, each naming the indicator and the field: kinds,
 * sides, a share whose numerator cannot be a subset of its denominator (different units, or
 * instances of different processes), a breakdown level the variant does not declare.
 */
export function indicatorProblems(indicators: unknown, levels: string[], roles: Set<string>): LocalizedMessage[] {
  if (indicators === undefined) return [];
  if (!Array.isArray(indicators)) return [msg('indicator.list')];
  const out: LocalizedMessage[] = [];
  indicators.forEach((raw, i) => {
    const d = raw as Partial<IndicatorDeclaration>;
    const at = `indicators[${i}]${typeof d?.key === 'string' ? ` (${d.key})` : ''}`;
    if (!d || typeof d !== 'object' || typeof d.key !== 'string') {
      out.push(msg('indicator.key', { at }));
      return;
    }
    const kind = d.kind ?? 'share';
    if (!['share', 'count', 'sum'].includes(kind)) {
      out.push(msg('indicator.kind', { at, kind: String(kind) }));
      return;
    }
    const sides: [string, unknown][] = kind === 'share' ? [['numerator', d.numerator], ['denominator', d.denominator]] : [['of', d.of]];
    const own = sides.flatMap(([name, q]) => queryProblems(q, `${at}.${name}`, levels));
    out.push(...own);
    for (const [name, q] of sides) {
      const x = q as IndicatorQuery | undefined;
      if (x?.count !== 'users' || !roles.size) continue;
      for (const role of rolesOf(x)) if (!roles.has(role)) out.push(msg('indicator.roleNotDeclared', { at: `${at}.${name}`, role }));
    }
    if (!own.length && kind === 'share') {
      const n = d.numerator!;
      const m = d.denominator!;
      if (unitOf(n) !== unitOf(m)) {
        out.push(msg('indicator.unitsDiffer', { at, numerator: n.count, denominator: m.count }));
      } else if (unitOf(n) === 'instance' && n.process !== m.process) {
        out.push(msg('indicator.processesDiffer', { at, numerator: n.process, denominator: m.process }));
      }
    }
    if (!own.length && kind === 'sum') {
      if (d.of!.count !== 'instances') out.push(msg('indicator.sumOfInstances', { at }));
      if (typeof d.variable !== 'string' || !d.variable) out.push(msg('indicator.sumVariable', { at }));
    }
    if (d.breakdown !== undefined && (typeof d.breakdown?.level !== 'string' || !levels.includes(d.breakdown.level))) {
      out.push(msg('indicator.breakdownLevel', { at, level: String(d.breakdown?.level), levels: levels.join(', ') }));
    }
  });
  return out;
}
