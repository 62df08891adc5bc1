import type { Effect, HistoryEntry } from '../../engine/execution/effects.types.js';
import { currentLogContext } from '../../observability/log-context.js';
import type { EffectSink, LoadedInstance } from './loaded-instance.types.js';

/** The effects {@link writeEffectRows} turns into rows. */
export type RowEffect = Extract<Effect, { type: 'history' | 'userTaskCompleted' | 'userTaskCancelled' | 'jobCreated' | 'jobRetryScheduled'
  | 'jobRemoved' | 'subscriptionOpened' | 'subscriptionClosed' | 'incidentRaised' | 'incidentResolved' }>;

/**
 * The runtime rows of an effect that only changes tables (history, the task row leaving, jobs,
 * subscriptions, incidents): written to the command's write set.
 */
export async function writeEffectRows(sink: EffectSink, inst: LoadedInstance, e: RowEffect): Promise<void> {
  switch (e.type) {
    case 'history':
      historyRow(sink, inst.id, e.at, e.userId ?? sink.userId, e.entry);
      break;
    case 'userTaskCompleted':
    case 'userTaskCancelled':
      // what was submitted, for the next people on the route to read (GET /api/tasks/:id/previous-steps)
      if (e.type === 'userTaskCompleted') sink.pushRaw(inst.id, 'taskSubmitted', null, { taskId: e.taskId, variables: e.variables ?? {} });
      sink.writes.delete('user_task', e.taskId);
      await sink.emit({
        type: 'taskEnded', tenantId: sink.tenant.id, taskId: e.taskId, instanceId: inst.id,
        outcome: e.type === 'userTaskCompleted' ? 'completed' : 'cancelled', at: sink.now,
      });
      break;
    case 'jobCreated': {
      const due = e.dueAt ? new Date(e.dueAt) : sink.now;
      // the request (or job) that led here, so the job's log lines can be traced back to it
      const requestId = currentLogContext()?.requestId;
      sink.writes.insert('job', {
        id: e.jobId, tenant_id: sink.tenant.id, kind: e.kind, instance_id: inst.id, definition_id: inst.definition.id, element_id: e.elementId,
        execution_id: e.executionId, due_at: due, payload: { actionType: e.actionType ?? null, input: e.input ?? {}, ...(requestId ? { requestId } : {}) }, retries: e.retries ?? 3,
      });
      sink.wakeups.push(due);
      break;
    }
    case 'jobRetryScheduled':
      sink.writes.updateJob(e.jobId, {
        retries: e.retries, last_error: e.message, attempts_inc: 1, state: 'ready', due_at: new Date(sink.now.getTime() + 10_000),
      });
      break;
    case 'jobRemoved':
      sink.writes.delete('job', e.jobId);
      break;
    case 'subscriptionOpened':
      sink.writes.insert('event_subscription', {
        id: e.subscriptionId, tenant_id: sink.tenant.id, kind: e.kind, name: e.name, correlation_key: e.correlationKey ?? null, instance_id: inst.id,
        definition_id: inst.definition.id, element_id: e.elementId, execution_id: e.executionId, created_at: sink.now,
      });
      break;
    case 'subscriptionClosed':
      sink.writes.delete('event_subscription', e.subscriptionId);
      break;
    case 'incidentRaised':
      sink.writes.insert('incident', {
        id: e.incidentId, tenant_id: sink.tenant.id, instance_id: inst.id, element_id: e.elementId, execution_id: e.executionId,
        job_id: e.jobId ?? null, kind: e.jobId ? 'job-failed' : 'engine', message: e.message, created_at: sink.now,
      });
      if (e.jobId) sink.writes.updateJob(e.jobId, { state: 'failed', last_error: e.message });
      break;
    case 'incidentResolved':
      sink.writes.delete('incident', e.incidentId);
      break;
  }
}

/** A history row the engine emitted. */
export function historyRow(sink: EffectSink, instanceId: string, at: string, userId: string | null, entry: HistoryEntry): void {
  const { kind, ...rest } = entry;
  const r = rest as Record<string, unknown>;
  sink.writes.historyRow({
    tenant_id: sink.tenant.id, instance_id: instanceId, at, type: kind, element_id: (r.elementId as string) ?? null,
    element_type: (r.elementType as string) ?? null, element_name: (r.name as string) ?? null,
    execution_id: (r.executionId as string) ?? null, user_id: (r.userId as string) ?? userId, data: rest,
  });
}
