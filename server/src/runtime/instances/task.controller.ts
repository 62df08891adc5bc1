import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorView } from '../../common/api-error.dto.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { CompleteTaskDto, ListTasksQuery, ReassignCandidateListView, ReassignedTaskView, ReassignTaskDto, TaskDetailView, TaskListView } from './task.dto.js';
import { ReassignCandidatesService } from './reassign-candidates.service.js';
import { ClaimTaskCommand } from '../commands/claim-task.command.js';
import { CompleteUserTaskCommand } from '../commands/complete-user-task.command.js';
import { ReassignTaskCommand } from '../commands/reassign-task.command.js';
import { UnclaimTaskCommand } from '../commands/unclaim-task.command.js';
import { TaskQueryService } from './task-query.service.js';
import { TaskRouteService } from './task-route.service.js';
import { clientIp } from '../../identity/request-origin.js';

/** The inbox of user tasks. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskController {
  constructor(
    @Inject(TaskQueryService) private readonly tasks: TaskQueryService,
    @Inject(ClaimTaskCommand) private readonly claimTask: ClaimTaskCommand,
    @Inject(UnclaimTaskCommand) private readonly unclaimTask: UnclaimTaskCommand,
    @Inject(ReassignTaskCommand) private readonly reassignTask: ReassignTaskCommand,
    @Inject(CompleteUserTaskCommand) private readonly completeTask: CompleteUserTaskCommand,
    @Inject(TaskRouteService) private readonly route: TaskRouteService,
    @Inject(ReassignCandidatesService) private readonly candidates: ReassignCandidatesService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's tasks: assigned to them, offered to their roles at their organisations, or both; `q` searches task, process and subject names" })
  @ApiOkResponse({ type: TaskListView })
  list(@CurrentUser() user: AuthUser, @Query() q: ListTasksQuery) {
    return this.tasks.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task with its form schema and context (process, instance, history)' })
  @ApiOkResponse({ type: TaskDetailView })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tasks.get(user, id);
  }

  @Get(':id/previous-steps')
  @ApiOperation({
    summary: 'What came before the task: the completed steps of its route (oldest first) with their forms and submitted values, and the card of the person the route is about (the read is logged as a personal-data access)',
  })
  previousSteps(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() req: Request) {
    return this.route.previousSteps(user, id, { endpoint: 'GET /api/tasks/:id/previous-steps', ip: clientIp(req) });
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the task (409 when someone else has it)' })
  async claim(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    await this.claimTask.execute({ user, taskId: id });
    return this.tasks.get(user, id);
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task back to the candidates' })
  async unclaim(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    await this.unclaimTask.execute({ user, taskId: id });
    return this.tasks.get(user, id);
  }

  @Post(':id/assignee')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give the task to another user (administrators of its organisation or an ancestor, supervisors there); '
      + 'also when the assignee is gone or deactivated. 400: the user is not an active user of the tenant',
  })
  @ApiOkResponse({ type: ReassignedTaskView, description: 'the task’s new assignee; the history row `taskReassigned` records who, from whom, to whom and why' })
  @ApiBadRequestResponse({ type: ApiErrorView, description: '`userId` is no user of the task’s tenant, or is deactivated (the message names the user and why); nothing changes' })
  @ApiForbiddenResponse({ type: ApiErrorView, description: 'the caller sees the task’s instance but is no administrator or supervisor of its organisation or above' })
  @ApiNotFoundResponse({ type: ApiErrorView, description: 'no such task, or the caller may not see it' })
  @ApiConflictResponse({ type: ApiErrorView, description: 'the task is no longer open' })
  reassign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ReassignTaskDto) {
    return this.reassignTask.execute({ user, taskId: id, dto: body });
  }

  @Get(':id/assignee-candidates')
  @ApiOperation({ summary: 'Whom the caller may give the task to: active people with a role where the caller administers or supervises the task’s organisation; `q` filters by name' })
  @ApiQuery({ name: 'q', required: false, description: 'every word must occur in the person’s name' })
  @ApiOkResponse({ type: ReassignCandidateListView })
  @ApiForbiddenResponse({ type: ApiErrorView, description: 'the caller sees the task’s instance but may not reassign the task' })
  @ApiNotFoundResponse({ type: ApiErrorView, description: 'no such task, or the caller may not see it' })
  assigneeCandidates(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query('q') q?: string) {
    return this.candidates.list(user, id, typeof q === 'string' ? q.slice(0, 200) : undefined);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the task (400 naming the fields when the form rules fail; 409 when it is no longer open)' })
  complete(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: CompleteTaskDto) {
    return this.completeTask.execute({ user, taskId: id, variables: body?.variables });
  }
}
