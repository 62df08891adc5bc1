/**
 * Shapes of the server's answers that more than one page reads, in one place: the person a route is
 * about, inbox rows, instances (routes), what came before a task, notifications. Feature API
 * modules import them from here (and re-export what their pages need).
 */

/** The person a process instance is about (`subject` on task and instance rows). */
export interface Subject {
  id: string;
  fullName: string;
  orgId: string | null;
  orgName: string | null;
}

/** One row of `GET /api/tasks`. */
export interface TaskSummary {
  id: string;
  name: string | null;
  elementId: string;
  processInstanceId: string;
  processKey: string;
  processName?: string | null;
  /** user id of the assignee */
  assignee: string | null;
  /** the assignee's name, when the server sends it */
  assigneeName?: string | null;
  candidateRoles: string[];
  /** user ids the task is offered to by name (the task page has them) */
  candidateUsers?: string[];
  orgId: string | null;
  orgName?: string | null;
  dueAt: string | null;
  followUpAt: string | null;
  createdAt: string;
  formId: string | null;
  /** the server's verdict (engine clock), when it sends one */
  overdue?: boolean;
  /** who the route is about */
  subject?: Subject | null;
}

/** A page of a list answer. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** A form-js schema (opaque here; the viewer reads it). */
export type FormSchema = Record<string, unknown> & { components?: unknown[] };

/** One earlier step of a task's route (`GET /api/tasks/:id/previous-steps`). */
export interface PreviousStep {
  taskId: string;
  instanceId: string;
  elementId: string;
  name: string | null;
  processName: string | null;
  completedAt: string;
  completedBy: { id: string; fullName: string } | null;
  form: FormSchema | null;
  values: Record<string, unknown>;
  valuesFrom: 'submitted' | 'instance';
}

/** The card of the person a route is about, as a task's holder may see it. */
export interface SubjectCard {
  id: string;
  fullName: string;
  orgName: string | null;
  profile: { key: string; name: string; type: string; value: unknown }[];
}

/** `GET /api/tasks/:id/previous-steps`. */
export interface PreviousSteps {
  subject: SubjectCard | null;
  steps: PreviousStep[];
}

/** One instance (a route) as `GET /api/process-instances` lists it. */
export interface InstanceRow {
  id: string;
  processDefinitionId: string;
  processKey: string;
  version: number;
  processName: string | null;
  businessKey: string | null;
  orgId: string | null;
  orgName: string | null;
  state: 'active' | 'completed' | 'terminated' | 'cancelled' | string;
  activeElementIds: string[];
  startedAt: string;
  endedAt: string | null;
  startedBy: string | null;
  subject?: Subject | null;
  /** the open steps (with `?subject=me`), when the server sends them */
  currentSteps?: { elementId: string; name: string | null; dueAt: string | null }[];
  /** the nearest due date of its open steps, when the server sends it */
  nextDueAt?: string | null;
}

/** The state of a notification's task. */
export type NotificationTaskState = { state: 'open' } | { state: 'completed'; at: string; byName: string | null } | { state: 'cancelled' };

/** One in-app notification. */
export interface AppNotification {
  id: string;
  kind: string;
  subject: string;
  body: string;
  processInstanceId: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
  /** whether its task is still open or how it ended (null without a task; absent from older servers) */
  task?: NotificationTaskState | null;
}

/** A variant file as `GET /api/variants` gives it. */
export interface VariantSummary {
  key: string;
  name?: string | null;
  roles?: { key: string; name: string; level?: string; description?: string }[] | null;
  levels?: (string | { key: string; name?: string })[] | null;
  /** Names of the levels people read, by level key (`levelNames` of variant.json). */
  levelNames?: Record<string, string> | null;
  processes?: Record<string, { startRoles?: string[] } | undefined> | null;
}

/** A document the tenant's variants declare (`GET /api/process-instances/:id/documents`). */
export interface DeclaredDocument {
  key: string;
  name: string;
  formats: ('docx' | 'pdf')[];
  templateDeployed?: boolean;
}

/** One event of an instance's history (`GET /api/process-instances/:id/history`). */
export interface HistoryEvent {
  id: string;
  at: string;
  type: string;
  elementId: string | null;
  elementType: string | null;
  elementName: string | null;
  userName: string | null;
}
