import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { TaskAccessService } from '../instances/task-access.service.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of {@link ClaimTaskCommand} and `UnclaimTaskCommand`. */
export interface TaskByCallerInput {
  user: AuthUser;
  taskId: string;
}

/**
 * Takes a task (`POST /api/tasks/:id/claim`): an assignee or candidate of it; 409 when someone
 * else has it or it is no longer open; claiming one's own task again changes nothing.
 */
@Injectable()
export class ClaimTaskCommand implements RuntimeCommand<TaskByCallerInput, void> {
  constructor(@Inject(TaskAccessService) private readonly tasks: TaskAccessService) {}

  async execute({ user, taskId }: TaskByCallerInput): Promise<void> {
    await this.tasks.changeHolder(user, taskId, (assignee) => {
      if (assignee && assignee !== user.id) throw new ConflictException(msg('task.alreadyClaimed'));
      return assignee === user.id ? undefined : { assignee: user.id, type: 'taskClaimed' };
    });
  }
}
