import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { ListTasksQuery, ReassignedTaskView, ReassignTaskDto, TaskListView } from './task.dto.js';
import { TaskService } from './task.service.js';
import { TaskRouteService } from './task-route.service.js';
import { clientIp } from '../../identity/request-origin.js';

/** The inbox of user tasks. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskController {
  constructor(
    @Inject(TaskService) private readonly tasks: TaskService,
    @Inject(TaskRouteService) private readonly route: TaskRouteService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's tasks: assigned to them, offered to their roles at their organisations, or both; `q` searches task, process and subject names" })
  @ApiOkResponse({ type: TaskListView })
  list(@CurrentUser() user: AuthUser, @Query() q: ListTasksQuery) {
    return this.tasks.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task with its form schema and context (process, instance, history)' })
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
  claim(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tasks.claim(user, id);
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task back to the candidates' })
  unclaim(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tasks.unclaim(user, id);
  }

  @Post(':id/assignee')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give the task to another user (administrators of its organisation or an ancestor, supervisors there); '
      + 'also when the assignee is gone or deactivated. 400: the user is not an active user of the tenant',
  })
  @ApiOkResponse({ type: ReassignedTaskView })
  reassign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ReassignTaskDto) {
    return this.tasks.reassign(user, id, body);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the task (400 naming the fields when the form rules fail; 409 when it is no longer open)' })
  @ApiBody({ schema: { type: 'object', properties: { variables: { type: 'object' } } } })
  complete(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: { variables?: unknown }) {
    return this.tasks.complete(user, id, body?.variables);
  }
}
