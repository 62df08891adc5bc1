/**
 * The project's own lint rules (local bpmnlint plugin `pd`): what the engine and the tenant's
 * variant need of a diagram before it can be deployed. The roles and forms come from the
 * domain catalog the modeler page loads from the server.
 */
import { getCatalog, isKnownForm, isKnownRole, splitList } from '../domain/catalog';
import { feelBody, feelSyntaxError, timerValueProblem } from '../domain/expressions';

interface Node {
  $type: string;
  id?: string;
  $parent?: Node;
  [key: string]: unknown;
}
interface Reporter {
  report(id: string, message: string): void;
}
type RuleFactory = () => { check(node: Node, reporter: Reporter): void };

const is = (node: Node, type: string) => node.$type === type;

function extensions(node: Node): Node[] {
  const ext = node.extensionElements as { values?: Node[] } | undefined;
  return ext?.values ?? [];
}

function ext(node: Node, type: string): Node | undefined {
  return extensions(node).find((v) => v.$type === type);
}

/** The id to report a problem on: the node's own, else the nearest parent's. */
function ownerId(node: Node): string {
  let n: Node | undefined = node;
  while (n && !n.id) n = n.$parent;
  return n?.id ?? '';
}

/** Every user task has a declared role (candidateGroups) or an assignee. */
export const userTaskRole: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const a = ext(node, 'zeebe:AssignmentDefinition');
    const assignee = (a?.assignee as string | undefined)?.trim();
    const groups = (a?.candidateGroups as string | undefined)?.trim();
    const users = (a?.candidateUsers as string | undefined)?.trim();
    if (!assignee && !groups && !users) {
      reporter.report(node.id!, 'У задачи нет роли исполнителя: выберите роль или укажите исполнителя');
      return;
    }
    if (groups && feelBody(groups) === undefined && getCatalog().loaded) {
      for (const g of splitList(groups)) {
        if (!isKnownRole(g)) reporter.report(node.id!, `Роль «${g}» не объявлена в варианте региона`);
      }
    }
  },
});

/** Every exclusive gateway that splits has a default flow or a condition on each outgoing flow. */
export const exclusiveGatewayDefault: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:ExclusiveGateway')) return;
    const outgoing = (node.outgoing as Node[] | undefined) ?? [];
    if (outgoing.length < 2 || node.default) return;
    const bare = outgoing.filter((f) => !(f.conditionExpression as { body?: string } | undefined)?.body?.trim());
    if (bare.length) {
      reporter.report(node.id!, `У развилки нет потока по умолчанию, а у ${bare.length} исходящих потоков нет условия`);
    }
  },
});

/** Every timer (and every due or follow-up date of a user task) parses. */
export const timerParses: RuleFactory = () => ({
  check(node, reporter) {
    if (is(node, 'bpmn:TimerEventDefinition')) {
      const kinds = [['timeDate', 'date'], ['timeDuration', 'duration'], ['timeCycle', 'cycle']] as const;
      const present = kinds.filter(([p]) => node[p]);
      if (!present.length) {
        reporter.report(ownerId(node), 'Таймер не задан: укажите дату, длительность или цикл');
        return;
      }
      for (const [p, kind] of present) {
        const problem = timerValueProblem(kind, (node[p] as { body?: string }).body);
        if (problem) reporter.report(ownerId(node), `Таймер: ${problem}`);
      }
      return;
    }
    if (is(node, 'bpmn:UserTask')) {
      const s = ext(node, 'zeebe:TaskSchedule');
      for (const [p, label] of [['dueDate', 'Срок'], ['followUpDate', 'Напоминание']] as const) {
        const value = s?.[p] as string | undefined;
        if (!value) continue;
        const problem = timerValueProblem('date', value);
        if (problem) reporter.report(node.id!, `${label}: ${problem}`);
      }
    }
  },
});

/** Every form a user task refers to exists (deployed or as a draft). */
export const formExists: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const f = ext(node, 'zeebe:FormDefinition');
    const formId = (f?.formId as string | undefined)?.trim();
    if (f && (f.formKey || f.externalReference)) reporter.report(node.id!, 'Поддерживаются только формы по идентификатору (formId)');
    if (!formId || feelBody(formId) !== undefined || !getCatalog().loaded) return;
    if (!isKnownForm(formId)) reporter.report(node.id!, `Форма «${formId}» не найдена ни среди развёрнутых, ни среди черновиков`);
  },
});

function feelStrings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return value.trim().startsWith('=') ? [value] : [];
  if (!value || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const v of value) out.push(...feelStrings(v, seen));
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    out.push(...feelStrings(v, seen));
  }
  return out;
}

/** Every FEEL expression (`=…`) in extension attributes and conditions parses. */
export const feelParses: RuleFactory = () => ({
  check(node, reporter) {
    if (!node.id) return;
    const values: string[] = [];
    for (const e of extensions(node)) {
      // timers and due dates have their own rule
      if (e.$type === 'zeebe:TaskSchedule') continue;
      values.push(...feelStrings(e));
    }
    for (const p of ['conditionExpression', 'completionCondition'] as const) {
      const body = (node[p] as { body?: string } | undefined)?.body;
      if (body && body.trim().startsWith('=')) values.push(body);
    }
    const lc = node.loopCharacteristics as Node | undefined;
    if (lc) for (const e of extensions(lc)) values.push(...feelStrings(e));
    for (const v of values) {
      const problem = feelSyntaxError(feelBody(v) ?? v);
      if (problem) reporter.report(node.id, problem);
    }
  },
});

/** The rules of the plugin by name (`pd/<name>` in a bpmnlint config). */
export const PD_RULES: Record<string, RuleFactory> = {
  'user-task-role': userTaskRole,
  'exclusive-gateway-default': exclusiveGatewayDefault,
  'timer-parses': timerParses,
  'form-exists': formExists,
  'feel-parses': feelParses,
};
