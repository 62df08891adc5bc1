/**
 * What the designer knows about the tenant's domain: the roles its variants declare and the
 * forms that exist (deployed, or saved as drafts). Shared by the properties-panel pickers and
 * the lint rules; the modeler page fills it from the server.
 */

/** A role a user task can be given to. */
export interface DomainRole {
  key: string;
  name: string;
  level: string;
  /** the level's name in the variant («Образовательная организация»), when it gives one */
  levelName?: string;
  variant?: string;
}

/** A form a user task can show. */
export interface DomainForm {
  id: string;
  name?: string;
  source: 'deployed' | 'draft';
}

export interface DomainCatalogData {
  roles: DomainRole[];
  forms: DomainForm[];
  /** False until the server has answered: the lint rules then check presence, not existence. */
  loaded: boolean;
  /** IANA zone of the tenant for date previews (the browser's zone when unknown). */
  timeZone?: string;
}

/** Roles every tenant has besides its variants' roles (see the server's SYSTEM_ROLES). */
export const SYSTEM_ROLES: DomainRole[] = [
  { key: 'admin', name: 'Администратор', level: '' },
  { key: 'supervisor', name: 'Наблюдатель', level: '' },
];

const state: DomainCatalogData = { roles: [], forms: [], loaded: false };
const listeners = new Set<() => void>();

/** The current catalog (the same object; read it, do not keep copies). */
export function getCatalog(): Readonly<DomainCatalogData> {
  return state;
}

/** Replaces the catalog and tells the listeners (the modeler re-lints and redraws the panel). */
export function setCatalog(next: Partial<DomainCatalogData>): void {
  Object.assign(state, next);
  for (const fn of listeners) fn();
}

/** Calls `fn` whenever the catalog changes; returns the unsubscribe function. */
export function onCatalogChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** True when `key` is a role the tenant declares (or a system role). */
export function isKnownRole(key: string): boolean {
  return state.roles.some((r) => r.key === key) || SYSTEM_ROLES.some((r) => r.key === key);
}

/** True when a form with this id exists. */
export function isKnownForm(id: string): boolean {
  return state.forms.some((f) => f.id === id);
}

/** Splits a comma list (`candidateGroups="a, b"`). */
export function splitList(value: string | undefined | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
