import type { Behaviour, ExecutionApi } from '../behaviour.types.js';
import { splitList } from '../model/split-list.js';
import type { Json } from '../execution/json.types.js';
import type { ElementInstance } from '../execution/state.types.js';
import { StepFailure } from '../execution/step-failure.js';
import { parseTimerDate } from '../timers/timer-spec.js';

function toList(value: Json, what: string): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return splitList(value);
  throw new StepFailure(`${what} must be a list or a comma-separated string`);
}

function toInstant(api: ExecutionApi, value: Json, what: string): string | undefined {
  if (value === null) return undefined;
  try {
    return parseTimerDate(String(value), api.ctx.timeZone).toUTC().toISO()!;
  } catch (error) {
    throw new StepFailure(`${what}: ${(error as Error).message}`);
  }
}

function evaluate(api: ExecutionApi, text: string | undefined, ei: ElementInstance): Json {
  return text === undefined ? null : api.value(text, ei);
}

/**
 * User task: evaluates assignee, candidate groups (role keys) and users, due and follow-up dates
 * (FEEL or static; a date without offset is the tenant's wall clock), emits `userTaskCreated` and
 * waits for `completeUserTask`.
 */
export const userTaskBehaviour: Behaviour<'userTask'> = {
  kind: 'userTask',
  activate(api, element, ei) {
    const spec = element.userTask ?? {};
    // evaluate everything before changing anything, so a failure leaves no half-created task
    const assignee = evaluate(api, spec.assignee, ei);
    const candidateGroups = toList(evaluate(api, spec.candidateGroups, ei), 'candidateGroups');
    const candidateUsers = toList(evaluate(api, spec.candidateUsers, ei), 'candidateUsers');
    const dueAt = toInstant(api, evaluate(api, spec.dueDate, ei), 'dueDate');
    const followUpAt = toInstant(api, evaluate(api, spec.followUpDate, ei), 'followUpDate');
    const taskId = api.newId();
    ei.userTaskId = taskId;
    api.emit({
      type: 'userTaskCreated',
      instanceId: api.state.instanceId,
      taskId,
      elementId: element.id,
      name: element.name,
      executionId: ei.id,
      candidateGroups,
      candidateUsers,
      assignee: assignee === null ? undefined : String(assignee),
      dueAt,
      followUpAt,
      formId: spec.formId,
      variables: { ...ei.variables },
    });
    api.emit({
      type: 'history',
      instanceId: api.state.instanceId,
      at: api.ctx.now.toISOString(),
      userId: api.ctx.userId,
      entry: { kind: 'taskCreated', taskId, elementId: element.id, name: element.name, executionId: ei.id },
    });
  },
};
