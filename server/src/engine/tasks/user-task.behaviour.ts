import type { Behaviour, ExecutionApi } from '../behaviour.types.js';
import { splitList } from '../model/split-list.js';
import type { Json } from '../execution/json.types.js';
import type { ElementInstance } from '../execution/state.types.js';
import { EngineCommandError, StepFailure } from '../execution/step-failure.js';
import { parseTimerDate } from '../timers/timer-spec.js';

function toList(value: Json, what: string): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return splitList(value);
  throw new StepFailure(`${what} must be a list or a comma-separated string`);
}

/** An ISO instant with its offset (what FEEL date-times become): no zone to apply. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function toInstant(api: ExecutionApi, value: Json, what: string): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const [y, m, d] = [+value.slice(0, 4), +value.slice(5, 7), +value.slice(8, 10)];
    const t = Date.parse(value);
    // Date.parse rolls 30 February over into March; such a value goes to the strict parser below
    if (!Number.isNaN(t) && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && m >= 1 && m <= 12) return new Date(t).toISOString();
  }
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
 * waits for `completeUserTask`, which completes it with the submitted variables. Terminated, it
 * cancels its task.
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
    api.history({ kind: 'taskCreated', taskId, elementId: element.id, name: element.name, executionId: ei.id });
  },
  command(api, _element, ei, command) {
    if (command.type !== 'completeUserTask') throw new EngineCommandError(`a user task does not take ${command.type}`);
    if (ei.status !== 'active') throw new EngineCommandError(`user task '${command.taskId}' has an open incident`);
    const variables = command.variables ?? {};
    api.emit({ type: 'userTaskCompleted', instanceId: api.state.instanceId, taskId: command.taskId, userId: api.ctx.userId, variables });
    api.history({ kind: 'taskCompleted', taskId: command.taskId, elementId: ei.elementId, executionId: ei.id, userId: api.ctx.userId });
    delete ei.userTaskId;
    api.complete(ei, { variables });
  },
  terminated(api, _element, ei) {
    if (ei.userTaskId) api.emit({ type: 'userTaskCancelled', instanceId: api.state.instanceId, taskId: ei.userTaskId });
  },
};
