/** A new form-js schema and the helpers the form editor page needs. */

export interface FormSchema {
  id: string;
  type: 'default';
  components: unknown[];
  schemaVersion?: number;
  [key: string]: unknown;
}

/** An empty form with the given id (form ids are lowercase identifiers, like role keys). */
export function emptyForm(id: string): FormSchema {
  return { id, type: 'default', components: [], schemaVersion: 16 };
}

const FORM_ID = /^[a-z][a-z0-9_-]{0,63}$/;

/** A message when the id cannot name a form, else null. */
export function formIdProblem(id: string): string | null {
  return FORM_ID.test(id) ? null : 'идентификатор формы: латиница в нижнем регистре, цифры, «-» и «_», с буквы';
}
