import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { msg } from '../../common/messages/message-catalogue.js';
import { TaskAccessService } from '../instances/task-access.service.js';
import type { TaskByCallerInput } from './claim-task.command.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Gives a task back to its candidates (`POST /api/tasks/:id/unclaim`): its assignee only (403), while it is open (409). */
@Injectable()
export class UnclaimTaskCommand implements RuntimeCommand<TaskByCallerInput, void> {
  constructor(@Inject(TaskAccessService) private readonly tasks: TaskAccessService) {}

  async execute({ user, taskId }: TaskByCallerInput): Promise<void> {
    await this.tasks.changeHolder(user, taskId, (assignee) => {
      if (assignee !== user.id) throw new ForbiddenException(msg('task.onlyAssigneeUnclaims'));
      return { assignee: null, type: 'taskUnclaimed' };
    });
  }
}
