/**
 * The `translate` service for bpmn-js, after bpmn-js's i18n example: a module
 * that overrides diagram-js's `translate` with a dictionary lookup.
 * Russian uses {@link bpmnRu}; English keeps the library's own texts.
 */
import { createTranslate } from '../../../../shared/translate';
import { bpmnRu } from './bpmn-ru';

export function customTranslate(locale: string) {
  return createTranslate(locale === 'ru' ? bpmnRu : null);
}

/** A didi module providing `translate` for the given UI locale. */
export function translateModule(locale: string) {
  return { translate: ['value', customTranslate(locale)] };
}
