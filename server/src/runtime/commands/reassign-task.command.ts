import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { isUuid } from '../../common/ids.js';
import { UserStore } from '../../identity/user.store.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from '../instances/engine.service.js';
import { RuntimeEventsService } from '../instances/runtime-events.service.js';
import { TaskAccessService } from '../instances/task-access.service.js';
import { TaskStore } from '../instances/task.store.js';
import { reassignPaths } from '../instances/instance-rights.js';
import type { ReassignTaskDto } from '../instances/task.dto.js';
import type { RuntimeCommand } from './runtime-command.js';
import { msg } from '../../common/messages/message-catalogue.js';

/** Input of {@link ReassignTaskCommand}. */
export interface ReassignTaskInput {
  user: AuthUser;
  taskId: string;
  dto: ReassignTaskDto;
}

/** What a reassignment answers. */
export interface ReassignedTask {
  id: string;
  assignee: string;
  assigneeName: string;
  from: string | null;
  comment: string | null;
}

/**
 * Gives an open task to another user (`POST /api/tasks/:id/assignee`): an administrator of the
 * task's organisation or an ancestor, or a supervisor there, may — also when the assignee no
 * longer exists or is deactivated. The new assignee must be an active user of the task's tenant
 * (400 naming why). The history records who gave it, from whom, to whom and why; the new
 * assignee is told. Those who may see the instance but not reassign get 403, anyone else 404.
 */
@Injectable()
export class ReassignTaskCommand implements RuntimeCommand<ReassignTaskInput, ReassignedTask> {
  constructor(
    @Inject(UserStore) private readonly userStore: UserStore,
    @Inject(TaskStore) private readonly taskStore: TaskStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(TaskAccessService) private readonly tasks: TaskAccessService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(RuntimeEventsService) private readonly events: RuntimeEventsService,
  ) {}

  async execute({ user, taskId, dto }: ReassignTaskInput): Promise<ReassignedTask> {
    const notFound = () => new NotFoundException(msg('task.notFound', { id: taskId }));
    if (!isUuid(taskId)) throw notFound();
    const task = await this.taskStore.withOrgPath(taskId);
    if (!task || (!user.isSuperadmin && task.tenant_id !== user.tenantId)) {
      if (!user.isSuperadmin) await this.tasks.access(user, taskId); // 409 "no longer open" to those who may see its instance
      throw notFound();
    }
    const may = reassignPaths(user, task.org_path).length > 0;
    if (!may) {
      if (await this.scope.isInstanceVisible(user, task.instance_id)) {
        throw new ForbiddenException(msg('reassign.notAllowed'));
      }
      throw notFound();
    }
    const to = isUuid(dto.userId) ? await this.userStore.byId(dto.userId) : undefined;
    if (!to || to.is_superadmin || to.tenant_id !== task.tenant_id) {
      throw new BadRequestException({ message: msg('reassign.userNotInTenant', { id: dto.userId }), fields: { userId: [msg('reassign.userNotInTenantField')] } });
    }
    if (!to.is_active) {
      throw new BadRequestException({ message: msg('reassign.userDeactivated', { name: to.full_name }), fields: { userId: [msg('reassign.userDeactivatedField')] } });
    }
    const from = await this.engine.run(task.tenant_id, user.id, async (uow) => {
      const now = uow.now;
      const row = await this.taskStore.lockForReassign(taskId, uow.tx);
      if (!row) throw new ConflictException(msg('task.noLongerOpen', { id: taskId }));
      await this.taskStore.setAssignee({
        taskId, tenantId: task.tenant_id, instanceId: task.instance_id, assignee: to.id, at: now, type: 'taskReassigned',
        elementId: row.element_id, actor: user.id, data: { taskId, from: row.assignee, to: to.id, comment: dto.comment ?? null },
      }, uow.tx);
      const deferred: { sql: string; params: unknown[] }[] = [];
      await this.events.emit(uow.tx, {
        type: 'taskAssigned', tenantId: task.tenant_id, taskId, instanceId: task.instance_id, processKey: row.process_key,
        processName: row.process_name,
        elementId: row.element_id, name: row.name, assignee: to.id, from: row.assignee, by: user.id, comment: dto.comment ?? null,
        dueAt: row.due_at, at: now,
        subjectPerson: row.subject_id ? { id: row.subject_id, fullName: row.subject_name, orgId: row.subject_org_id, orgName: row.subject_org_name } : null,
      }, (sql, params) => deferred.push({ sql, params }));
      // Listeners' statements run here one by one. A notification's id is derived from (user, task, kind,
      // time): giving the same task to the same person twice at one engine instant tells them once.
      for (const d of deferred) await uow.tx.query(/^\s*INSERT INTO notification\b/.test(d.sql) ? `${d.sql} ON CONFLICT DO NOTHING` : d.sql, d.params);
      return row.assignee;
    });
    return { id: taskId, assignee: to.id, assigneeName: to.full_name, from, comment: dto.comment ?? null };
  }
}
