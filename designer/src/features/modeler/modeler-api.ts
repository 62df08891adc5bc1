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
