/**
 * didi modules for the form-js editor: the `translate` service its viewer fields use and Russian
 * names of the field types; and the style that keeps the palette to what the server validates.
 */
import { createTranslate } from '../../shared/translate';
import { OFFERED_FIELD_TYPES, fieldNamesRu } from './form-editor-ru';

type FieldComponent = ((props: unknown) => unknown) & { config: Record<string, unknown> & { type: string } };
interface FormFields {
  _formFields: Record<string, FieldComponent>;
  register(type: string, component: FieldComponent): void;
}

/** Re-registers the field types under their Russian names (palette, properties panel header). */
function fieldsForThisServer(russian: boolean) {
  const setUp = (formFields: FormFields) => {
    for (const [type, original] of Object.entries(formFields._formFields)) {
      if (type === 'default') continue;
      const name = russian ? fieldNamesRu[type] : undefined;
      if (!name) continue;
      // the same component, with its name changed for the palette and the panel only, and the
      // defaults a new field gets (its label, «Date», «# Text») in Russian
      const component = ((props: unknown) => original(props)) as FieldComponent;
      const create = original.config.create as ((options?: Record<string, unknown>, isNew?: boolean) => Record<string, unknown>) | undefined;
      component.config = {
        ...original.config, name, label: name,
        ...(create ? { create: (options: Record<string, unknown> = {}, isNew?: boolean) => russianDefaults(create(options, isNew), options) } : {}),
      };
      formFields.register(type, component);
    }
  };
  setUp.$inject = ['formFields'];
  return setUp;
}

/** English defaults form-js gives new fields and date/time parts → Russian. */
const DEFAULTS_RU: Record<string, Record<string, string>> = {
  dateLabel: { Date: 'Дата' },
  timeLabel: { Time: 'Время' },
  text: { '# Text': '# Текст' },
};

/** form-js's one default option of a new select, radio or checklist: `Value` / `value`. */
const isDefaultOptions = (v: unknown) =>
  Array.isArray(v) && v.length === 1 && (v[0] as { label?: unknown })?.label === 'Value' && (v[0] as { value?: unknown })?.value === 'value';
const RUSSIAN_OPTIONS = () => [{ label: 'Вариант 1', value: 'variant-1' }];

/** A new field's English defaults in Russian (what the caller gave explicitly stays). */
export function russianDefaults(field: Record<string, unknown>, given: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [prop, map] of Object.entries(DEFAULTS_RU)) {
    const v = field[prop];
    if (typeof v === 'string' && map[v] && given[prop] === undefined) field[prop] = map[v];
  }
  if (isDefaultOptions(field.values) && given.values === undefined) field.values = RUSSIAN_OPTIONS();
  return field;
}

/** Switching a date field to time (or back) sets «Time» / «Date» labels, a static options source «Value»: Russian instead. */
function russianEditDefaults(eventBus: { on(event: string, fn: (e: { context?: { properties?: Record<string, unknown> } }) => void): void }) {
  eventBus.on('commandStack.formField.edit.preExecute', (e) => {
    const p = e.context?.properties;
    if (!p) return;
    for (const prop of ['dateLabel', 'timeLabel']) {
      const v = p[prop];
      if (typeof v === 'string' && DEFAULTS_RU[prop][v]) p[prop] = DEFAULTS_RU[prop][v];
    }
    // switching the options source back to static options
    if (isDefaultOptions(p.values)) p.values = RUSSIAN_OPTIONS();
  });
}
russianEditDefaults.$inject = ['eventBus'];

/** The modules to pass as `additionalModules` to `new FormEditor(…)`. */
export function formEditorModules(dictionary: Record<string, string> | null): object[] {
  return [
    { translate: ['value', createTranslate(dictionary)] },
    { __init__: [fieldsForThisServer(dictionary !== null), ...(dictionary !== null ? [russianEditDefaults] : [])] },
  ];
}

/**
 * CSS hiding the palette entries the server cannot validate (they stay registered, so a form that
 * has one still opens and can be cleaned up), and the palette groups left empty.
 */
export function paletteCss(scope: string): string {
  const offered = OFFERED_FIELD_TYPES.map((t) => `:not([data-field-type="${t}"])`).join('');
  return `${scope} .fjs-palette-field${offered} { display: none; }\n${scope} .fjs-palette-group[data-group-id="action"] { display: none; }`;
}
