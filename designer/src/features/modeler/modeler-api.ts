/** The repository contract of the server: deployments and process definitions. */
import { api } from '../../shared/api';
import { unwrapList, type ProcessDefinition } from '../inbox/tasks-api';

export type { ProcessDefinition };

export interface DeploymentResource {
  name: string;
  content: string;
}

export interface Deployment {
  id: string;
  processDefinitions: ProcessDefinition[];
}

export const listLatestDefinitions = () =>
  api.get<ProcessDefinition[] | { items: ProcessDefinition[] }>('/process-definitions', { latest: 'true' }).then(unwrapList);

export const getDefinition = (id: string) => api.get<ProcessDefinition>(`/process-definitions/${encodeURIComponent(id)}`);

/** The BPMN XML of a deployed definition (the server may send text or `{ xml }`). */
export const getDefinitionXml = (id: string) => api.text(`/process-definitions/${encodeURIComponent(id)}/xml`);

export const deploy = (name: string, resources: DeploymentResource[]) =>
  api.post<Deployment>('/deployments', { name, resources });

/** A problem or warning of a (dry-run) deployment, as the server names it. */
export interface CheckProblem {
  resource?: string;
  elementId?: string;
  message: string;
}

/** What a deployment would do to one process (the dry run's answer). */
export interface DryRunProcess {
  key: string;
  name: string | null;
  changed: boolean;
  currentVersion: number | null;
  currentDefinitionId: string | null;
  nextVersion: number;
  runningInstances: number;
}

/** `POST /api/deployments { dryRun: true }`: 200 with warnings and what would change; 400 (ApiError) with the problems. */
export interface DryRunAnswer {
  dryRun: true;
  problems: CheckProblem[];
  warnings: CheckProblem[];
  processes: DryRunProcess[];
}

export const dryRunDeploy = (name: string, resources: DeploymentResource[]) =>
  api.post<DryRunAnswer>('/deployments', { name, resources, dryRun: true });
