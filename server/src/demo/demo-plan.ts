import { DateTime, Duration } from 'luxon';
import type { DemoInstance, DemoStep } from './variant-folder.js';

/** A step of a planned route, at its instant, with its variables filled in. */
export interface PlannedStep {
  complete?: string;
  raise?: string;
  as?: string;
  about?: string;
  at: Date;
  variables: Record<string, unknown>;
}

/** A demo route as it will be played: who, where, when, and the steps that fall before the load. */
export interface PlannedRoute {
  /** `instance 3`, `instance 3 (kam-t-s33-02)`: for messages. */
  label: string;
  process: string;
  /** Routes that must play in time order together (see `DemoInstance.group`). */
  group: string;
  org?: string;
  startedBy?: string;
  subject?: string;
  startEvent?: string;
  businessKey?: string;
  variables: Record<string, unknown>;
  startAt: Date;
  steps: PlannedStep[];
}

/** One thing that happens in the demo's year: a route starts (`step` −1) or plays its step. */
export interface PlannedEvent {
  at: Date;
  route: PlannedRoute;
  step: number;
}

const DEFAULT_GAP = Duration.fromObject({ hours: 2 });

function duration(iso: string | undefined, what: string): Duration {
  if (!iso) return Duration.fromMillis(0);
  const d = Duration.fromISO(iso);
  if (!d.isValid) throw new Error(`${what}: "${iso}" is not an ISO 8601 duration`);
  return d;
}

/**
 * Fills `{{subject.username}}`, `{{subject.fullName}}` and `{{date:±P…}}` (the step's date in the
 * tenant's zone moved by the duration, `YYYY-MM-DD`; `{{date}}` is the step's date) in every string.
 */
export function fillTokens(value: unknown, at: Date, zone: string, subject?: { username: string; fullName: string }): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, token: string) => {
      if (token === 'subject.username') return subject?.username ?? '';
      if (token === 'subject.fullName') return subject?.fullName ?? '';
      const m = /^date(?::(-)?(P.+))?$/.exec(token);
      if (!m) return whole;
      let d = DateTime.fromJSDate(at, { zone });
      if (m[2]) d = m[1] ? d.minus(duration(m[2], token)) : d.plus(duration(m[2], token));
      return d.toISODate()!;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillTokens(v, at, zone, subject));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTokens(v, at, zone, subject)]));
  }
  return value;
}

/**
 * Expands the demo file's instances into routes dated back from `now`: each starts `startedAgo`
 * before the load (plus `stagger` per subject of a `forEach`), each step `after` the previous one;
 * steps that would fall after the load are not played (the route waits there, as in real life).
 */
export function planDemo(instances: DemoInstance[], now: Date, zone: string, fullName: (username: string) => string | undefined): PlannedRoute[] {
  const routes: PlannedRoute[] = [];
  instances.forEach((inst, i) => {
    const ago = duration(inst.startedAgo ?? inst.advanceAfter, `instance ${i} startedAgo`);
    const base = DateTime.fromJSDate(now).minus(ago);
    const each = inst.forEach?.subjects.length ? inst.forEach.subjects : [inst.subject];
    const stagger = duration(inst.forEach?.stagger, `instance ${i} forEach.stagger`);
    each.forEach((subject, j) => {
      const label = inst.forEach ? `instance ${i} (${subject})` : `instance ${i}`;
      const startAt = base.plus(stagger.mapUnits((x) => x * j)).toJSDate();
      if (startAt > now) return;
      const who = subject ? { username: subject, fullName: fullName(subject) ?? subject } : undefined;
      const stages = inst.forEach?.stages;
      const count = stages?.length ? stages[j % stages.length] : (inst.steps ?? []).length;
      const steps: PlannedStep[] = [];
      let at = startAt;
      for (const [k, s] of (inst.steps ?? []).slice(0, count).entries()) {
        at = DateTime.fromJSDate(at).plus(s.after ? duration(s.after, `${label} step ${k}`) : DEFAULT_GAP).toJSDate();
        if (at > now) break;
        steps.push(plannedStep(s, at, zone, who, `${label} step ${k}`));
      }
      routes.push({
        label, process: inst.process, group: inst.group ?? `${inst.process}:${inst.org ?? subject ?? label}`, org: inst.org, startedBy: inst.startedBy, subject, startEvent: inst.startEvent,
        businessKey: inst.businessKey, variables: fillTokens(inst.variables ?? {}, startAt, zone, who) as Record<string, unknown>, startAt, steps,
      });
    });
  });
  return routes;
}

function plannedStep(s: DemoStep, at: Date, zone: string, who: { username: string; fullName: string } | undefined, what: string): PlannedStep {
  if (!s.complete === !s.raise) throw new Error(`${what}: give exactly one of "complete" (a user task) or "raise" (a message)`);
  return { complete: s.complete, raise: s.raise, as: s.as, about: s.about, at, variables: fillTokens(s.variables ?? {}, at, zone, who) as Record<string, unknown> };
}

/** Every start and step of the routes in time order (a route's own events keep their order). */
export function timeline(routes: PlannedRoute[]): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (const route of routes) {
    events.push({ at: route.startAt, route, step: -1 });
    route.steps.forEach((s, k) => events.push({ at: s.at, route, step: k }));
  }
  // stable: equal instants keep the file's order
  return events.map((e, n) => ({ e, n })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.n - b.n).map((x) => x.e);
}
