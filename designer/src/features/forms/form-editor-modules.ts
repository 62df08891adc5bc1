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
      // the same component, with its name changed for the palette and the panel only
      const component = ((props: unknown) => original(props)) as FieldComponent;
      component.config = { ...original.config, name, label: name };
      formFields.register(type, component);
    }
  };
  setUp.$inject = ['formFields'];
  return setUp;
}

/** The modules to pass as `additionalModules` to `new FormEditor(…)`. */
export function formEditorModules(dictionary: Record<string, string> | null): object[] {
  return [
    { translate: ['value', createTranslate(dictionary)] },
    { __init__: [fieldsForThisServer(dictionary !== null)] },
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
