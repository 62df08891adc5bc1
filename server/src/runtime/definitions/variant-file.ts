import { isReservedTarget } from '../../engine/execution/reserved-variables.js';
import type { ProcessModel } from '../../engine/model/process-model.types.js';
import { indicatorProblems } from './indicator-declaration.js';
import { msg } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../../common/messages/message-catalogue.js';

/** A role of a variant: key (used in diagrams' candidateGroups), Russian name, level it lives at. */
export interface VariantRole {
  key: string;
  name: string;
  level: string;
  description?: string;
}

/**
 * `variant.json`: a regulation variant. Required: key, name, levels (top to lowest), roles.
 * Optional: calendar (a production calendar name), processes (per process key: which roles may
 * start it), indicators, profileFields, httpEndpoints, referenceLists — see processes/README.md.
 */
export interface VariantFile {
  key: string;
  name: string;
  description?: string;
  levels: string[];
  /** Names of the levels people read («Регион», «Муниципалитет», «Школа»), by level key. */
  levelNames?: Record<string, string>;
  roles: VariantRole[];
  calendar?: string;
  processes?: Record<string, VariantProcess>;
  [more: string]: unknown;
}

/** What a variant declares for one process key. */
export interface VariantProcess {
  /** Who may start it (and start it for others, at their organisation or below). */
  startRoles?: string[];
  stageLimits?: Record<string, string>;
  /** Its timer start events start one instance per active organisation of this level. */
  startFor?: { level: string };
  /** Messages a participant may raise on an instance (`POST /api/process-instances/:id/messages`), by holders of `roles` when given. */
  raisable?: { message: string; roles?: string[] }[];
  /** The process starts with the list of the active organisations of `level` under its organisation, as `variable`. */
  orgList?: { level: string; variable: string };
  /** The process starts with these variables of its previous instance at the same organisation, as the object `variable`. */
  carryOver?: { variables: string[]; variable: string };
  /** The process starts with the active holders of `role` (one key or several) under its organisation, as select options in `variable`. */
  userList?: { role: string | string[]; variable: string };
}

/** Roles every tenant has besides its variants' roles. */
export const SYSTEM_ROLES = ['admin', 'supervisor', 'designer'] as const;

const KEY = /^[a-z][a-z0-9_-]{0,63}$/;

/** Checks a parsed variant file; returns every problem as a message (empty when valid). */
export function validateVariant(v: unknown, calendarNames?: string[]): (string | LocalizedMessage)[] {
  const out: (string | LocalizedMessage)[] = [];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [msg('variant.notObject')];
  const f = v as Partial<VariantFile>;
  if (typeof f.key !== 'string' || !KEY.test(f.key)) out.push(msg('variant.key'));
  if (typeof f.name !== 'string' || !f.name.trim()) out.push(msg('variant.name'));
  if (!Array.isArray(f.levels) || !f.levels.length || f.levels.some((l) => typeof l !== 'string' || !KEY.test(l))) {
    out.push(msg('variant.levels'));
  } else if (new Set(f.levels).size !== f.levels.length) {
    out.push(msg('variant.levelTwice'));
  }
  if (f.levelNames !== undefined) {
    const names = f.levelNames as unknown;
    if (!names || typeof names !== 'object' || Array.isArray(names)) out.push('"levelNames" must be an object: level → name');
    else {
      for (const [level, name] of Object.entries(names)) {
        if (!Array.isArray(f.levels) || !f.levels.includes(level)) out.push(`levelNames: "${level}" is not one of "levels"`);
        if (typeof name !== 'string' || !name.trim() || name.length > 100) out.push(`levelNames.${level}: a name of 1 to 100 characters`);
      }
    }
  }
  if (!Array.isArray(f.roles) || !f.roles.length) {
    out.push(msg('variant.roles'));
  } else {
    const seen = new Set<string>();
    f.roles.forEach((r, i) => {
      if (!r || typeof r.key !== 'string' || !KEY.test(r.key)) out.push(msg('variant.roleKey', { at: `roles[${i}]` }));
      else if ((SYSTEM_ROLES as readonly string[]).includes(r.key)) out.push(msg('variant.roleSystem', { at: `roles[${i}]`, key: r.key }));
      else if (seen.has(r.key)) out.push(msg('variant.roleTwice', { at: `roles[${i}]`, key: r.key }));
      else seen.add(r.key);
      if (!r || typeof r.name !== 'string' || !r.name.trim()) out.push(msg('variant.roleName', { at: `roles[${i}]` }));
      if (!r || !Array.isArray(f.levels) || !f.levels.includes(r.level)) out.push(msg('variant.roleLevel', { at: `roles[${i}]`, level: String(r?.level) }));
    });
  }
  if (f.calendar !== undefined && calendarNames && !calendarNames.includes(f.calendar)) {
    out.push(msg('variant.calendar', { calendar: f.calendar, known: calendarNames.join(', ') || 'нет', knownEn: calendarNames.join(', ') || 'none' }));
  }
  if (f.processes !== undefined) {
    if (typeof f.processes !== 'object' || Array.isArray(f.processes)) out.push(msg('variant.processes'));
    else {
      const roleKeys = new Set((f.roles ?? []).map((r) => r.key));
      const known = (r: unknown) => typeof r === 'string' && (roleKeys.has(r) || (SYSTEM_ROLES as readonly string[]).includes(r));
      for (const [k, p] of Object.entries(f.processes)) {
        for (const r of p?.startRoles ?? []) {
          if (!known(r)) out.push(msg('variant.roleNotDeclared', { at: `processes.${k}.startRoles`, role: String(r) }));
        }
        if (p?.startFor !== undefined) {
          const level = (p.startFor as { level?: unknown } | null)?.level;
          if (typeof level !== 'string' || !Array.isArray(f.levels) || !f.levels.includes(level)) {
            out.push(msg('variant.levelNotDeclared', { at: `processes.${k}.startFor.level`, level: String(level), levels: Array.isArray(f.levels) ? f.levels.join(', ') : '' }));
          }
        }
        if (p?.orgList !== undefined) {
          const o = p.orgList as { level?: unknown; variable?: unknown } | null;
          if (typeof o?.level !== 'string' || !Array.isArray(f.levels) || !f.levels.includes(o.level)) {
            out.push(msg('variant.levelNotDeclared', { at: `processes.${k}.orgList.level`, level: String(o?.level), levels: Array.isArray(f.levels) ? f.levels.join(', ') : '' }));
          }
          if (typeof o?.variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.variable)) out.push(msg('variant.variableRequired', { at: `processes.${k}.orgList.variable` }));
        }
        if (p?.userList !== undefined) {
          const u = p.userList as { role?: unknown; variable?: unknown } | null;
          for (const r of Array.isArray(u?.role) && u.role.length ? u.role : [u?.role]) {
            if (!known(r)) out.push(msg('variant.roleNotDeclared', { at: `processes.${k}.userList.role`, role: String(r) }));
          }
          if (typeof u?.variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(u.variable)) out.push(msg('variant.variableRequired', { at: `processes.${k}.userList.variable` }));
        }
        if (p?.carryOver !== undefined) {
          const c = p.carryOver as { variables?: unknown; variable?: unknown } | null;
          if (!Array.isArray(c?.variables) || !c.variables.length || c.variables.some((v) => typeof v !== 'string')) out.push(msg('variant.carryOverVariables', { at: `processes.${k}.carryOver.variables` }));
          if (typeof c?.variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.variable)) out.push(msg('variant.variableRequired', { at: `processes.${k}.carryOver.variable` }));
        }
        if (p?.raisable !== undefined) {
          if (!Array.isArray(p.raisable)) out.push(msg('variant.raisableList', { at: `processes.${k}.raisable` }));
          else {
            p.raisable.forEach((r, i) => {
              if (!r || typeof r.message !== 'string' || !r.message.trim()) out.push(msg('variant.raisableMessage', { at: `processes.${k}.raisable[${i}].message` }));
              if (r?.roles !== undefined && !Array.isArray(r.roles)) out.push(msg('variant.raisableRoles', { at: `processes.${k}.raisable[${i}].roles` }));
              const comment = (r as { comment?: unknown } | null)?.comment;
              if (comment !== undefined && (typeof comment !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(comment))) {
                out.push(msg('variant.variableRequired', { at: `processes.${k}.raisable[${i}].comment` }));
              }
              for (const role of Array.isArray(r?.roles) ? r.roles : []) {
                if (!known(role)) out.push(msg('variant.roleNotDeclared', { at: `processes.${k}.raisable[${i}].roles`, role: String(role) }));
              }
            });
          }
        }
      }
    }
  }
  if (Array.isArray(f.levels)) {
    // roles of an indicator may come from another variant of the tenant: not checked here
    out.push(...indicatorProblems(f.indicators, f.levels, new Set()));
  }
  return out;
}

/** Checks a form-js schema enough to show and validate it; returns problems as messages. */
export function validateForm(schema: unknown): LocalizedMessage[] {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [msg('formSchema.notObject')];
  const s = schema as { id?: unknown; type?: unknown; components?: unknown };
  const out: LocalizedMessage[] = [];
  if (typeof s.id !== 'string' || !s.id) out.push(msg('formSchema.noId'));
  if (s.type !== undefined && s.type !== 'default') out.push(msg('formSchema.type', { type: String(s.type) }));
  if (!Array.isArray(s.components)) out.push(msg('formSchema.noComponents'));
  else for (const key of reservedFormKeys(s.components, true)) out.push(msg('formSchema.reservedKey', { key }));
  return out;
}

/**
 * Keys of fields (and paths of groups and lists) that a submission would write at the top of the
 * task's variables under a reserved name (`initiator`, `subject`, `loopCounter`): such a form could
 * never be completed (the completion is refused) — it is refused at deploy. A group without a
 * `path` writes its fields at the top; a `path` nests them.
 */
function reservedFormKeys(components: unknown[], atTop: boolean): string[] {
  const out: string[] = [];
  for (const c of components) {
    if (!c || typeof c !== 'object') continue;
    const { key, path, components: inner } = c as { key?: unknown; path?: unknown; components?: unknown };
    if (atTop && typeof key === 'string' && isReservedTarget(key)) out.push(key);
    if (atTop && typeof path === 'string' && isReservedTarget(path)) out.push(path);
    if (Array.isArray(inner)) out.push(...reservedFormKeys(inner, atTop && !(typeof path === 'string' && path.trim())));
  }
  return out;
}

/**
 * The raisable messages (`processes.<key>.raisable`) that no element of `model` catches — an
 * intermediate catch event, a boundary event, a receive task or an event sub-process start with
 * that message name (a FEEL name may be any, so it catches them all). Message start events do not
 * count: a raised message goes to one running instance.
 */
export function uncaughtRaisable(model: ProcessModel, messages: string[]): string[] {
  const names = new Set<string>();
  let dynamic = false;
  for (const el of Object.values(model.elements)) {
    if (el.event?.type !== 'message') continue;
    const catches = el.kind === 'intermediateCatchEvent' || el.kind === 'boundaryEvent' || el.kind === 'receiveTask'
      || (el.kind === 'startEvent' && el.scopeId !== model.key);
    if (!catches) continue;
    if (el.event.message.name.startsWith('=')) dynamic = true;
    else names.add(el.event.message.name);
  }
  return dynamic ? [] : messages.filter((m) => !names.has(m));
}
