/**
 * The server contract of the designer: drafts (`/api/drafts`), the tenant's variants and forms,
 * deployments and every version of a process.
 */
import { api, request } from '../../shared/api';
import { unwrapList } from '../inbox/tasks-api';

export type DraftKind = 'bpmn' | 'form' | 'variant';

export interface DraftSummary {
  name: string;
  kind: DraftKind;
  updatedAt: string;
  updatedBy: string | null;
}

export interface Draft extends DraftSummary {
  content: string;
}

export interface VariantRoleView {
  key: string;
  name: string;
  level: string;
}

export interface VariantView {
  id: string;
  key: string;
  version: number;
  name: string | null;
  levels: string[];
  levelNames?: Record<string, string> | null;
  roles: VariantRoleView[];
  processes: Record<string, unknown> | null;
  content: Record<string, unknown>;
  createdAt: string;
}

export interface FormView {
  id: string;
  formId: string;
  version: number;
  resourceName: string;
  schema: Record<string, unknown>;
  createdAt: string;
  /** the form's first heading; null when it has none */
  title?: string | null;
  /** the user tasks of the latest process versions that show it */
  usedBy?: { processKey: string; processName: string | null; elementId: string; taskName: string | null }[];
}

export interface DefinitionVersion {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  resourceName: string;
  createdAt: string;
  deployedBy: string | null;
}

export interface DeploymentView {
  id: string;
  name: string;
  createdAt: string;
  deployedBy: string | null;
  processDefinitions: { id: string; key: string; version: number }[];
}

const draftPath = (name: string) => `/drafts/${encodeURIComponent(name)}`;

export const listDrafts = () => api.get<{ items: DraftSummary[] }>('/drafts').then(unwrapList);
export const getDraft = (name: string) => api.get<Draft>(draftPath(name));
export const saveDraft = (name: string, content: string, kind?: DraftKind) =>
  request<Draft>(draftPath(name), { method: 'PUT', body: { content, kind } });
export const deleteDraft = (name: string) => request<void>(draftPath(name), { method: 'DELETE' });

export const listVariants = () => api.get<{ items: VariantView[] }>('/variants').then(unwrapList);
export const listForms = () => api.get<{ items: FormView[] }>('/forms').then(unwrapList);

/** Every version of one process key (newest first), or the latest of each key. */
export const listVersions = (key: string) =>
  api.get<{ items: DefinitionVersion[] }>('/process-definitions', { key }).then(unwrapList);
export const listLatest = () => api.get<{ items: DefinitionVersion[] }>('/process-definitions', { latest: 'true' }).then(unwrapList);
export const listDeployments = () => api.get<{ items: DeploymentView[] }>('/deployments').then(unwrapList);

/** The name of the draft a form with this id is kept under. */
export const formDraftName = (formId: string) => `forms/${formId}.form`;

/** The form id of a form-js schema text, or null when it is not one. */
export function formIdOf(content: string): string | null {
  try {
    const schema = JSON.parse(content) as { id?: unknown };
    return typeof schema.id === 'string' && schema.id ? schema.id : null;
  } catch {
    return null;
  }
}
