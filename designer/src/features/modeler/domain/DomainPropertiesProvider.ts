/**
 * Properties-panel provider of the domain: replaces the free-text candidate groups of a user
 * task with a select of the tenant's declared roles, the Zeebe form settings with a select of the
 * variant's forms, and adds to due dates and timers an editor aid with examples and the date the
 * value gives for a sample start. Registered after the Zeebe provider (lower priority).
 */
import { h } from '@bpmn-io/properties-panel/preact';
import { useState } from '@bpmn-io/properties-panel/preact/hooks';
import { SelectEntry, isSelectEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getCatalog } from './catalog';
import { formOptions, roleOptions, type Translate } from './options';
import { EXAMPLES, previewDate, sampleValue } from './date-preview';
import { isIsoDuration, type TimerKind } from './expressions';
import type DomainService from './DomainService';

type Element = { id: string; businessObject: BO };
interface BO {
  $type: string;
  get(name: string): unknown;
  eventDefinitions?: BO[];
  [key: string]: unknown;
}
interface Entry {
  id: string;
  component: (props: { element: Element; id: string }) => unknown;
  isEdited?: (node: unknown) => boolean;
}
interface Group {
  id: string;
  label?: string;
  entries: Entry[];
}

const LOW_PRIORITY = 200;

const isUserTask = (e: Element) => e.businessObject.$type === 'bpmn:UserTask';

/** The sample start of date previews, shared by every entry (kept while the page lives). */
let sampleStart = defaultSampleStart();
/** Sample values of process variables the previews read (name → text typed), kept while the page lives. */
const sampleVariables: Record<string, string> = {};

function defaultSampleStart(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

function zone(): string {
  return getCatalog().timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function formatInstant(iso: string): string {
  return new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeStyle: 'short', timeZone: zone() }).format(new Date(iso));
}

function RoleSelect(props: { element: Element; id: string }) {
  const domain = useService('domainService') as DomainService;
  const t = useService('translate') as Translate;
  const getValue = () => domain.get(props.element, 'zeebe:AssignmentDefinition', 'candidateGroups') ?? '';
  return SelectEntry({
    element: props.element,
    id: props.id,
    label: t('Candidate role'),
    description: t("Who gets the task: a role of the region's variant, at the organisation of its level"),
    getValue,
    setValue: (value: string) => domain.setRole(props.element, value),
    getOptions: () => roleOptions(getValue() || undefined, t),
  });
}

function FormSelect(props: { element: Element; id: string }) {
  const domain = useService('domainService') as DomainService;
  const t = useService('translate') as Translate;
  const getValue = () => domain.get(props.element, 'zeebe:FormDefinition', 'formId') ?? '';
  return SelectEntry({
    element: props.element,
    id: props.id,
    label: t('Task form'),
    description: t("A form of the variant (deployed or a draft)"),
    getValue,
    setValue: (value: string) => domain.setForm(props.element, value),
    getOptions: () => formOptions(getValue() || undefined, t),
  });
}

/** The timer definition of an event and which of its values is set. */
function timerOf(element: Element): { def: BO; kind: TimerKind; prop: string; value?: string } | null {
  const def = element.businessObject.eventDefinitions?.find((d) => d.$type === 'bpmn:TimerEventDefinition');
  if (!def) return null;
  for (const [prop, kind] of [['timeDate', 'date'], ['timeDuration', 'duration'], ['timeCycle', 'cycle']] as const) {
    const expr = def.get(prop) as { body?: string } | undefined;
    if (expr) return { def, kind, prop, value: expr.body };
  }
  return { def, kind: 'duration', prop: 'timeDuration' };
}

function DateHelper(props: { element: Element; id: string }) {
  const domain = useService('domainService') as DomainService;
  const modeling = useService('modeling') as { updateModdleProperties(el: unknown, bo: unknown, p: Record<string, unknown>): void };
  const bpmnFactory = useService('bpmnFactory') as { create(type: string, attrs: Record<string, unknown>): unknown };
  const t = useService('translate') as Translate;
  const [start, setStart] = useState(sampleStart);
  const [samples, setSamples] = useState<Record<string, string>>({ ...sampleVariables });
  const element = props.element;
  let kind: TimerKind = 'date';
  let value: string | undefined;
  let examples = EXAMPLES.dueDate;
  let apply: (v: string) => void;
  if (isUserTask(element)) {
    value = domain.get(element, 'zeebe:TaskSchedule', 'dueDate');
    apply = (v) => domain.setDueDate(element, v);
  } else {
    const timer = timerOf(element);
    if (!timer) return null;
    kind = timer.kind;
    value = timer.value;
    examples = EXAMPLES[kind];
    apply = (v) => modeling.updateModdleProperties(element, timer.def, { [timer.prop]: bpmnFactory.create('bpmn:FormalExpression', { body: v }) });
  }
  const given = Object.fromEntries(Object.entries(samples).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, sampleValue(v)]));
  const preview = value ? previewDate(kind, value, start, zone(), given) : null;
  // the variables it reads: those still missing, and those given a sample value (to change it)
  const asked = [...new Set([...(preview?.needs ?? []), ...Object.keys(samples).filter((k) => value?.includes(k))])];
  // a bare duration (P14D) is not a date: offer the expression that means "in 14 days"
  const asDuration = isUserTask(element) && value && isIsoDuration(value) ? `=now() + duration("${value.trim()}")` : null;
  return h('div', { class: 'bio-properties-panel-entry pd-date-help', 'data-entry-id': props.id }, [
    h('div', { class: 'pd-date-help-title' }, isUserTask(element) ? t('Due date: examples') : t('Timer: examples')),
    h(
      'div',
      { class: 'pd-date-help-examples' },
      examples.map((ex) =>
        h('button', { type: 'button', class: 'pd-example', title: ex.label, 'data-value': ex.value, onClick: () => apply(ex.value) }, [
          h('code', null, ex.value),
          h('span', null, ` — ${t(ex.label)}`),
        ]),
      ),
    ),
    asDuration
      ? h('button', { type: 'button', class: 'pd-example pd-convert', 'data-value': asDuration, onClick: () => apply(asDuration) }, [
          t('A due date is a date: use'),
          ' ',
          h('code', null, asDuration),
        ])
      : null,
    h('label', { class: 'pd-date-help-start' }, [
      t('If the process starts at') + ' ',
      h('input', {
        type: 'datetime-local',
        value: start,
        onInput: (e: Event) => {
          sampleStart = (e.target as HTMLInputElement).value;
          setStart(sampleStart);
        },
      }),
    ]),
    ...asked.map((name) =>
      h('label', { class: 'pd-date-help-start', 'data-test': `sample-${name}` }, [
        t('Sample value of {name}', { name }) + ' ',
        h('input', {
          type: 'text',
          value: samples[name] ?? '',
          placeholder: '2027-03-01',
          onInput: (e: Event) => {
            sampleVariables[name] = (e.target as HTMLInputElement).value;
            setSamples({ ...sampleVariables });
          },
        }),
      ])),
    h(
      'div',
      { class: `pd-date-help-result${preview?.error ? ' error' : ''}${preview?.needs ? ' needs' : ''}`, 'data-test': 'date-preview' },
      !value
        ? t('no value yet')
        : preview?.at
          ? `→ ${formatInstant(preview.at)}`
          : preview?.needs
            ? t('depends on {names}', { names: preview.needs.map((n) => `«${n}»`).join(', ') })
            : t('no date: {error}', { error: preview?.error ?? '' }),
    ),
    h('div', { class: 'pd-date-help-note' }, t("The example's working days skip weekends only; the server counts by the region's production calendar.")),
  ]);
}

function findGroup(groups: Group[], id: string): Group | undefined {
  return groups.find((g) => g.id === id);
}

export default class DomainPropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }) {
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element: Element) {
    return (groups: Group[]) => {
      if (isUserTask(element)) {
        const assignment = findGroup(groups, 'assignmentDefinition');
        if (assignment) {
          const i = assignment.entries.findIndex((e) => e.id === 'assignmentDefinitionCandidateGroups');
          const role: Entry = { id: 'pdCandidateRole', component: RoleSelect, isEdited: isSelectEntryEdited };
          if (i >= 0) assignment.entries.splice(i, 1, role);
          else assignment.entries.unshift(role);
          const due = assignment.entries.findIndex((e) => e.id === 'taskScheduleDueDate');
          assignment.entries.splice(due >= 0 ? due + 1 : assignment.entries.length, 0, { id: 'pdDueDateHelp', component: DateHelper });
        }
        const form = findGroup(groups, 'form');
        if (form) form.entries = [{ id: 'pdFormId', component: FormSelect, isEdited: isSelectEntryEdited }];
      }
      const timer = findGroup(groups, 'timer');
      if (timer && timerOf(element)) timer.entries.push({ id: 'pdTimerHelp', component: DateHelper });
      return groups;
    };
  }
}
