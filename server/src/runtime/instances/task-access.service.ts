import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { isUuid } from '../../common/ids.js';
import type { Queryable } from '../../database/queryable.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { EngineService } from './engine.service.js';
import { TaskStore } from './task.store.js';
import type { TaskAccessRow } from './task.store.js';

/**
 * Who may hold a task: its assignee, or a candidate of it. Shared by the task queries (read the
 * task, its previous steps) and the task commands (claim, unclaim, complete).
 */
@Injectable()
export class TaskAccessService {
  constructor(
    @Inject(TaskStore) private readonly taskStore: TaskStore,
    private readonly ds: DataSource,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(EngineService) private readonly engine: EngineService,
  ) {}

  /** The task if the caller is its assignee or a candidate; 404 otherwise (409 when it has ended and its instance is visible). */
  async access(user: AuthUser, taskId: string, q: Queryable = this.ds): Promise<TaskAccessRow> {
    if (!isUuid(taskId) || user.isSuperadmin) throw new NotFoundException(msg('task.notFound', { id: taskId }));
    const row = await this.taskStore.accessRow(taskId, user.tenantId, user.id, this.scope.rolePairs(user), q);
    if (!row) {
      const past = await this.taskStore.instanceOfPastTask(taskId, user.tenantId, q);
      // "no longer open" only to those who may see its instance; to anyone else it never existed
      if (past && (await this.scope.isInstanceVisible(user, past))) {
        throw new ConflictException(msg('task.noLongerOpen', { id: taskId }));
      }
    }
    if (!row || (row.assignee !== user.id && !row.is_candidate)) throw new NotFoundException(msg('task.notFound', { id: taskId }));
    return row;
  }

  /**
   * Claim and unclaim: one command that locks the task's row (409 when it closed meanwhile) and
   * lets `decide` see who has it now; what `decide` returns is written as the new assignee with
   * its history row (`taskClaimed`, `taskUnclaimed`); undefined writes nothing.
   */
  async changeHolder(
    user: AuthUser, taskId: string,
    decide: (assignee: string | null) => { assignee: string | null; type: 'taskClaimed' | 'taskUnclaimed' } | undefined,
  ): Promise<void> {
    // a caller of no tenant holds no task: 404 before any transaction
    if (user.isSuperadmin || !user.tenantId) await this.access(user, taskId);
    await this.engine.run(user.tenantId!, user.id, async (uow) => {
      const t = await this.access(user, taskId, uow.tx);
      const row = await this.taskStore.lockAssignee(taskId, uow.tx);
      if (!row) throw new ConflictException(msg('task.noLongerOpenShort', { id: taskId }));
      const change = decide(row.assignee);
      if (!change) return;
      await this.taskStore.setAssignee({
        taskId, tenantId: t.tenant_id, instanceId: t.instance_id, assignee: change.assignee, at: uow.now, type: change.type, actor: user.id, data: { taskId },
      }, uow.tx);
    });
  }
}
