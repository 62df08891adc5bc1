import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { isUuid } from '../../common/ids.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { reassignPaths } from './instance-rights.js';
import { TaskStore } from './task.store.js';

/** A person an open task may be given to. */
export interface ReassignCandidate {
  id: string;
  fullName: string;
  orgName: string;
}

/**
 * Whom the caller may give a task to (`GET /api/tasks/:id/assignee-candidates?q=`), for the picker of
 * the reassignment: the active people with a role in the subtrees where the caller administers or
 * supervises the task's organisation. The same refusals as the reassignment: 404 to those who do not
 * see the task, 403 to those who see it but may not reassign it.
 */
@Injectable()
export class ReassignCandidatesService {
  constructor(
    @Inject(TaskStore) private readonly taskStore: TaskStore,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async list(user: AuthUser, taskId: string, q?: string): Promise<{ items: ReassignCandidate[]; total: number }> {
    const notFound = () => new NotFoundException(msg('task.notFound', { id: taskId }));
    if (!isUuid(taskId)) throw notFound();
    const task = await this.taskStore.withOrgPath(taskId);
    if (!task || (!user.isSuperadmin && task.tenant_id !== user.tenantId)) throw notFound();
    const paths = reassignPaths(user, task.org_path);
    if (!paths.length) {
      if (await this.scope.isInstanceVisible(user, task.instance_id)) throw new ForbiddenException(msg('reassign.notAllowed'));
      throw notFound();
    }
    const words = (q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
    const items = await this.taskStore.reassignCandidates(task.tenant_id, paths, words);
    return { items, total: items.length };
  }
}
