/**
 * A `translate` service in the shape diagram-js and form-js expect
 * (`translate(template, replacements)`), backed by a dictionary.
 * Used as `{ translate: ['value', createTranslate(dictionary)] }`.
 */
export type TranslateFn = (template: string, replacements?: Record<string, unknown>) => string;

export function createTranslate(dictionary: Record<string, string> | null): TranslateFn {
  return (template, replacements = {}) => {
    const text = (dictionary && dictionary[template]) || template;
    return text.replace(/{([^}]+)}/g, (whole, key: string) => {
      const value = replacements[key];
      return value === undefined || value === null ? whole : String(value);
    });
  };
}
