import { DateTime } from 'luxon';
import { msg } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage, MessageKey } from '../../common/messages/message-catalogue.js';
import { evaluateFeel, FeelError, feelBody } from '../../engine/feel/feel-evaluator.js';
import type { FeelEnvironment } from '../../engine/feel/feel-evaluator.js';
import type { ElementModel, ProcessModel, TimerDefinition } from '../../engine/model/process-model.types.js';
import type { Json, JsonObject } from '../../engine/execution/json.types.js';
import { parseTimerDate, parseTimerDuration, timerValueProblem } from '../../engine/timers/timer-spec.js';

/** A problem of a deployment or its dry run; `message` is rendered in the caller's language. */
export interface DeployProblem {
  resource: string;
  elementId?: string;
  message: string | LocalizedMessage;
}

/** A form-js component as far as sample data needs it. */
interface FormComponentLike {
  type?: string;
  key?: string;
  path?: string;
  subtype?: string;
  values?: { value: Json }[];
  validate?: { min?: unknown };
  components?: FormComponentLike[];
}

/** Variables a process can know before it runs, with sample values where one can be made up. */
export interface SampleData {
  /** name → sample value */
  values: JsonObject;
  /** every name some form, mapping, script, loop or sample sets */
  known: Set<string>;
  /** names whose sample is a guess (free text): a failure that needs them is only a warning */
  guessed: Set<string>;
}

function componentSample(c: FormComponentLike, today: DateTime, guessed: Set<string>, out: JsonObject, known: Set<string>): void {
  const type = c.type ?? '';
  if (type === 'group' || type === 'dynamiclist') {
    const inner: JsonObject = {};
    for (const child of c.components ?? []) componentSample(child, today, guessed, inner, known);
    const name = c.path ?? c.key;
    if (!name) {
      Object.assign(out, inner);
      return;
    }
    known.add(name.split('.')[0]);
    out[name] = type === 'dynamiclist' ? [inner] : inner;
    return;
  }
  if (!c.key) return;
  known.add(c.key.split('.')[0]);
  let value: Json;
  switch (type) {
    case 'datetime':
      value = c.subtype === 'time' ? '09:00' : c.subtype === 'datetime'
        ? today.plus({ days: 14 }).set({ hour: 9 }).toISO({ includeOffset: false, suppressMilliseconds: true })!
        : today.plus({ days: 14 }).toISODate()!;
      break;
    case 'number':
      value = typeof c.validate?.min === 'number' ? c.validate.min : 1;
      break;
    case 'checkbox':
      value = true;
      break;
    case 'checklist':
    case 'taglist':
      value = c.values?.length ? [c.values[0].value] : [];
      if (!c.values?.length) guessed.add(c.key);
      break;
    case 'select':
    case 'radio':
      value = c.values?.length ? c.values[0].value : 'пример';
      if (!c.values?.length) guessed.add(c.key);
      break;
    default:
      value = 'пример';
      guessed.add(c.key);
  }
  out[c.key] = value;
}

function tryEvaluate(source: string, values: JsonObject, env: FeelEnvironment): Json | undefined {
  try {
    return evaluateFeel(feelBody(source) ?? source, values, env);
  } catch {
    return undefined;
  }
}

/**
 * Sample variables of a process: its forms' fields (dates two weeks ahead, numbers at their
 * minimum, the first option, free text guessed), then its output and input mappings, script
 * results and multi-instance elements evaluated on them; `explicit` samples win.
 */
export function sampleData(model: ProcessModel, formSchemas: Map<string, { components?: FormComponentLike[] }>, explicit: JsonObject, env: FeelEnvironment): SampleData {
  const today = DateTime.fromJSDate(env.now, { zone: env.timeZone }).startOf('day');
  const values: JsonObject = {};
  const known = new Set<string>(Object.keys(explicit));
  const guessed = new Set<string>();
  const elements = Object.values(model.elements);
  for (const el of elements) {
    const formId = el.userTask?.formId;
    const schema = formId ? formSchemas.get(formId) : undefined;
    for (const c of schema?.components ?? []) componentSample(c, today, guessed, values, known);
  }
  Object.assign(values, explicit);
  for (const name of Object.keys(explicit)) guessed.delete(name);
  // mappings may build on each other: two passes
  for (let pass = 0; pass < 2; pass++) {
    for (const el of elements) {
      for (const m of [...(el.inputs ?? []), ...(el.outputs ?? [])]) {
        known.add(m.target.split('.')[0]);
        if (m.target in explicit) continue;
        const v = tryEvaluate(m.source, values, env);
        if (v !== undefined) values[m.target] = v;
      }
      if (el.script?.resultVariable) {
        known.add(el.script.resultVariable);
        const v = tryEvaluate(el.script.expression, values, env);
        if (v !== undefined && !(el.script.resultVariable in explicit)) values[el.script.resultVariable] = v;
      }
      if (el.loop) {
        for (const n of [el.loop.inputElement, el.loop.outputCollection]) if (n) known.add(n);
        if (el.loop.inputElement && !(el.loop.inputElement in explicit)) {
          const items = tryEvaluate(el.loop.inputCollection, values, env);
          if (Array.isArray(items) && items.length) values[el.loop.inputElement] = items[0];
        }
      }
    }
  }
  return { values, known, guessed };
}

const MISSING = /Variable '([^']+)' not found/g;

type Outcome = { ok: true; value: Json } | { ok: false; missing: string[]; detail: string };

function evaluateOn(body: string, values: JsonObject, env: FeelEnvironment): Outcome {
  try {
    return { ok: true, value: evaluateFeel(body, values, env) };
  } catch (e) {
    if (!(e instanceof FeelError)) throw e;
    return { ok: false, missing: [...e.message.matchAll(MISSING)].map((m) => m[1]), detail: e.message };
  }
}

type Check = { what: MessageKey; kind: 'date' | TimerDefinition['type']; value: string };

function checksOf(el: ElementModel): Check[] {
  const out: Check[] = [];
  if (el.userTask?.dueDate) out.push({ what: 'deploy.what.dueDate', kind: 'date', value: el.userTask.dueDate });
  if (el.userTask?.followUpDate) out.push({ what: 'deploy.what.followUpDate', kind: 'date', value: el.userTask.followUpDate });
  if (el.event?.type === 'timer') {
    const t = el.event.timer;
    const what: MessageKey = t.type === 'date' ? 'deploy.what.timerDate' : t.type === 'duration' ? 'deploy.what.timerDuration' : 'deploy.what.timerCycle';
    out.push({ what, kind: t.type, value: t.value });
  }
  return out;
}

/** Why an evaluated value is not what the element needs; null when it is. */
function resultProblem(kind: Check['kind'], value: Json, timeZone: string): LocalizedMessage | null {
  if (value === null) return kind === 'date' ? null : msg('deploy.reason.empty');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    if (kind === 'date') parseTimerDate(text, timeZone);
    else if (kind === 'duration') parseTimerDuration(text);
    else {
      const problem = timerValueProblem({ type: 'cycle', value: text }, timeZone);
      if (problem) return msg('deploy.reason.notCycle', { result: text, detail: problem });
    }
    return null;
  } catch {
    return msg(kind === 'date' ? 'deploy.reason.notDate' : 'deploy.reason.notDuration', { result: text });
  }
}

/**
 * Evaluates what can be known before run time: every FEEL due date, follow-up date and timer of
 * the process against sample data, in the tenant's zone and calendar (`env`). A value that
 * cannot give a date, duration or cycle is a problem naming the element: prose read as a variable
 * name (`=через 7 дней`), or a result of the wrong kind. A variable nothing in the process sets may
 * still come with the start or a message: a warning; so is what depends on guessed samples.
 */
export function checkSchedules(model: ProcessModel, samples: SampleData, env: FeelEnvironment): { problems: DeployProblem[]; warnings: DeployProblem[] } {
  const problems: DeployProblem[] = [];
  const warnings: DeployProblem[] = [];
  for (const el of Object.values(model.elements)) {
    for (const check of checksOf(el)) {
      const body = feelBody(check.value);
      // static values are checked by the compiler already
      if (body === undefined) continue;
      const element = el.name || el.id;
      const report = (reason: LocalizedMessage, severe: boolean) =>
        (severe ? problems : warnings).push({
          resource: model.resource,
          elementId: el.id,
          message: msg('deploy.elementValue', { element, what: msg(check.what), value: check.value, reason }),
        });
      const outcome = evaluateOn(body, samples.values, env);
      if (outcome.ok) {
        const reason = resultProblem(check.kind, outcome.value, env.timeZone);
        if (reason) report(reason, !dependsOnGuesses(body, samples, env));
        continue;
      }
      const unknown = outcome.missing.filter((n) => !samples.known.has(n.split('.')[0]));
      // a «name» with spaces is prose (`=через 7 дней`), never a variable a start or a message brings
      const prose = unknown.filter((n) => /\s/.test(n));
      if (prose.length) {
        report(msg('deploy.reason.unknownVariable', { names: prose.join('», «') }), true);
        continue;
      }
      if (unknown.length) {
        report(msg('deploy.reason.startVariable', { names: unknown.join('», «') }), false);
        continue;
      }
      // a known variable without a sample (an HTTP answer, a loop item of an unknown list): run time will tell
      if (outcome.missing.length) continue;
      report(msg('deploy.reason.failed', { detail: outcome.detail }), !dependsOnGuesses(body, samples, env));
    }
  }
  return { problems, warnings };
}

/** Does the outcome change when the guessed samples are taken away? Then it rests on a guess. */
function dependsOnGuesses(body: string, samples: SampleData, env: FeelEnvironment): boolean {
  if (!samples.guessed.size) return false;
  const without: JsonObject = Object.fromEntries(Object.entries(samples.values).filter(([k]) => !samples.guessed.has(k)));
  const outcome = evaluateOn(body, without, env);
  return !outcome.ok && outcome.missing.some((n) => samples.guessed.has(n.split('.')[0]));
}
