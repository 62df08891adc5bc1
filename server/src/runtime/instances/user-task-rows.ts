import type { Effect } from '../../engine/execution/effects.types.js';
import { ancestorAtLevel } from '../../identity/organization.store.js';
import type { RolePair } from '../../identity/role-pair.js';
import { resolveUserRefs } from '../../identity/user.store.js';
import { itemSubject } from './instance-subjects.js';
import type { EffectSink, LoadedInstance } from './loaded-instance.types.js';
import { searchText } from './subject.store.js';

/**
 * The rows of a new user task: the task, one inbox row per (role, organisation) it is offered to
 * (each candidate role resolved at the ancestor of its level), and the `taskCreated` event.
 */
export async function createTaskRows(sink: EffectSink, inst: LoadedInstance, e: Extract<Effect, { type: 'userTaskCreated' }>): Promise<void> {
  // A task is about its instance's subject, at the instance's organisation, unless its input
  // mapping names its own (`subjectId`, `orgId`: one teacher per multi-instance item).
  const own = typeof e.variables.subjectId === 'string' || typeof e.variables.orgId === 'string'
    ? await itemSubject(sink, inst, e.elementId, e.variables) : {};
  const subject = own.subject !== undefined ? own.subject : inst.subject;
  const taskOrgId = own.orgId ?? own.subject?.orgId ?? inst.orgId;
  const pairs: RolePair[] = [];
  const unresolved: string[] = [];
  for (const role of e.candidateGroups) {
    const declared = sink.tenant.roles.get(role);
    const orgId = declared && taskOrgId ? await ancestorAtLevel(sink.tx, taskOrgId, declared.level) : undefined;
    if (orgId) pairs.push({ role, orgId });
    else unresolved.push(role);
  }
  const [assignee] = e.assignee ? await resolveUserRefs(sink.tx, sink.tenant.id, [e.assignee]) : [];
  const candidateUsers = e.candidateUsers.length ? await resolveUserRefs(sink.tx, sink.tenant.id, e.candidateUsers) : [];
  const dueAt = e.dueAt ? new Date(e.dueAt) : null;
  sink.writes.insert('user_task', {
    id: e.taskId, tenant_id: sink.tenant.id, instance_id: inst.id, definition_id: inst.definition.id, process_key: inst.definition.key,
    element_id: e.elementId, execution_id: e.executionId, name: e.name ?? null, org_id: taskOrgId, assignee: assignee ?? null,
    candidate_users: candidateUsers, candidate_roles: e.candidateGroups, form_id: e.formId ?? null, due_at: dueAt,
    follow_up_at: e.followUpAt ? new Date(e.followUpAt) : null, input: e.variables, created_at: sink.now,
    subject_id: subject?.id ?? null, subject_org_id: subject?.orgId ?? null,
    search_text: searchText(e.name, inst.definition.name, subject?.fullName),
  });
  // The inbox reads task_candidate alone: each pair row carries what it filters and sorts by.
  for (const pr of pairs) {
    sink.writes.candidate({
      task_id: e.taskId, role: pr.role, org_id: pr.orgId, due_at: dueAt, assignee: assignee ?? null, created_at: sink.now,
      process_key: inst.definition.key,
    });
  }
  await sink.emit({
    type: 'taskCreated', tenantId: sink.tenant.id, taskId: e.taskId, instanceId: inst.id, processKey: inst.definition.key,
    processName: inst.definition.name ?? inst.definition.key,
    elementId: e.elementId, name: e.name ?? null, orgId: taskOrgId, assignee: assignee ?? null, candidateUsers,
    candidatePairs: pairs, dueAt, at: sink.now,
    subjectPerson: subject ? { id: subject.id, fullName: subject.fullName ?? null, orgId: subject.orgId, orgName: subject.orgName } : null,
  });
  if (unresolved.length) {
    sink.pushRaw(inst.id, 'candidates-unresolved', e.elementId, {
      taskId: e.taskId, roles: unresolved,
      reason: taskOrgId ? 'role not declared, or no organisation at its level above the instance organisation' : 'the instance has no organisation',
    });
  }
}
