/** The supervision contract of the server: alerts, process maps, indicators, notifications. */
import { api, buildUrl } from '../../shared/api';
import type { AppNotification, PreviousStep } from '../../shared/api-shapes';

export type AlertKind = 'task-overdue' | 'stage-overdue' | 'assignee-inactive';

export interface AlertAck {
  id: string;
  userId: string;
  userName: string;
  comment: string;
  at: string;
}

export interface Alert {
  kind: AlertKind;
  taskId?: string;
  processInstanceId: string;
  processKey: string;
  elementId: string;
  elementName: string | null;
  orgId: string;
  orgName: string;
  dueAt: string;
  daysOverdue: number;
  enteredAt?: string;
  stageLimit?: string;
  assignee?: string | null;
  assigneeName?: string | null;
  candidateRoles: string[];
  acknowledged: boolean;
  acknowledgements: AlertAck[];
}

export interface AlertList {
  items: Alert[];
  total: number;
  byOrganization: { orgId: string; orgName: string; count: number }[];
  byStage: { processKey: string; elementId: string; elementName: string | null; count: number }[];
}

export interface AlertFilter {
  orgId?: string;
  processKey?: string;
  elementId?: string;
  minDaysOverdue?: number | '';
  acknowledged?: '' | 'true' | 'false';
}

export interface SupervisedOrg {
  id: string;
  name: string;
  level: string;
  depth: number;
  namePath: string;
}

export interface ElementStats {
  elementId: string;
  active: number;
  overdue: number;
  incidents: number;
  completed: number;
}

export interface DefinitionStats {
  processDefinitionId: string;
  processKey: string;
  version: number;
  name: string | null;
  activeInstances: number;
  overdueInstances: number;
  elements: ElementStats[];
}

export interface TimelineStep {
  id: string;
  at: string;
  type: string;
  elementId: string | null;
  elementName: string | null;
  userName: string | null;
  data: Record<string, unknown>;
}

export interface Incident {
  id: string;
  elementId: string | null;
  kind: string;
  message: string;
  createdAt: string;
}

export interface InstanceView {
  id: string;
  processDefinitionId: string;
  processKey: string;
  processName: string | null;
  version: number;
  orgName: string | null;
  /** Whom the route is about (null: an instance about nobody, e.g. a campaign or a report). */
  subject?: { id: string; fullName: string | null; orgName: string | null } | null;
  state: string;
  startedAt: string;
  endedAt: string | null;
  variables: Record<string, unknown>;
  path: string[];
  completedElements: string[];
  tokens: { executionId: string; elementId: string; elementName: string | null; enteredAt: string | null; status: string }[];
  tasks: { id: string; elementId: string; name: string | null; dueAt: string | null; assigneeName: string | null; candidateRoles: string[] }[];
  incidents: Incident[];
  acknowledgements: { id: string; elementId: string; comment: string; at: string; userName: string }[];
  timeline: TimelineStep[];
}

/** share: a fraction (0…1) of distinct people, instances or organisations; count and sum: a number. */
export type IndicatorKind = 'share' | 'count' | 'sum';

/** An indicator at one organisation of its breakdown level. */
export interface IndicatorBreakdownRow {
  orgId: string;
  orgName: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface IndicatorValue {
  key: string;
  name: string;
  description?: string;
  variant: string;
  kind?: IndicatorKind;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  breakdownLevel?: string;
  breakdown?: IndicatorBreakdownRow[];
  error?: string;
}

/** `GET /api/indicators`: the values and the period in words. */
export interface IndicatorList {
  items: IndicatorValue[];
  periodTitle?: string;
}

export interface IndicatorQuery {
  orgId?: string;
  /** `2027` (calendar year) or `2027-2028` (school year); or `from`/`to` */
  period?: string;
  from?: string;
  to?: string;
}

export type { AppNotification } from '../../shared/api-shapes';

/** A page of alerts (most overdue first) with the total and the counts over all of them. */
export const listAlerts = (f: AlertFilter = {}, page: { limit?: number; offset?: number } = {}) => api.get<AlertList>('/alerts', { ...f, ...page });

export const acknowledgeAlert = (a: Pick<Alert, 'processInstanceId' | 'elementId' | 'taskId'>, comment: string) =>
  api.post<AlertAck>('/alerts/ack', { processInstanceId: a.processInstanceId, elementId: a.elementId, taskId: a.taskId, comment });

/** A person a task may be given to. */
export interface AssigneeCandidate {
  id: string;
  fullName: string;
  orgName: string;
}

/** Whom the caller may give a task to, by name (`q`: words of the name). */
export const listAssigneeCandidates = (taskId: string, q?: string) =>
  api.get<{ items: AssigneeCandidate[] }>(`/tasks/${encodeURIComponent(taskId)}/assignee-candidates`, { q }).then((r) => r.items);

/** Gives an open task to another person, saying why (kept in the history). */
export const reassignTask = (taskId: string, userId: string, comment?: string) =>
  api.post<unknown>(`/tasks/${encodeURIComponent(taskId)}/assignee`, { userId, ...(comment ? { comment } : {}) });

export const listSupervisedOrgs = () => api.get<{ items: SupervisedOrg[] }>('/supervision/organizations').then((r) => r.items);

export const getDefinitionStats = (definitionId: string, orgId?: string) =>
  api.get<DefinitionStats>(`/process-definitions/${encodeURIComponent(definitionId)}/stats`, { orgId });

export const getInstanceView = (id: string) => api.get<InstanceView>(`/supervision/instances/${encodeURIComponent(id)}`);

/** What was filled in along the route of an instance: its completed steps with their forms and values, oldest first. */
export const getInstanceSteps = (id: string) => api.get<{ steps: PreviousStep[] }>(`/process-instances/${encodeURIComponent(id)}/steps`);

export const retryIncident = (id: string) =>
  api.post<{ retried: boolean; resolved: boolean }>(`/incidents/${encodeURIComponent(id)}/retry`, {});

export const getIndicators = (q: IndicatorQuery) => api.get<IndicatorList>('/indicators', { ...q });

/** The download address of the indicators export (the session cookie authorises it). */
export const indicatorsExportUrl = (format: 'xlsx' | 'csv', q: IndicatorQuery) => buildUrl('/indicators/export', { format, ...q });

export const listNotifications = (page = 1, unread = false) =>
  api.get<{ items: AppNotification[]; total: number; unread: number }>('/notifications', { page, size: 50, unread: unread ? 'true' : undefined });

export const markNotificationRead = (id: string) => api.post<AppNotification>(`/notifications/${encodeURIComponent(id)}/read`, {});

export const markAllNotificationsRead = () => api.post<{ updated: number }>('/notifications/read-all', {});

export const unreadCount = () => api.get<{ unread: number }>('/notifications/unread-count').then((r) => r.unread);
