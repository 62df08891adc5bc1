import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorView } from '../../common/api-error.dto.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { InstanceListView, InstanceView, ListInstancesQuery, RaiseMessageDto, SetVariablesDto, StartInstanceDto } from './instance.dto.js';
import { CancelInstanceCommand } from '../commands/cancel-instance.command.js';
import { RaiseMessageCommand } from '../commands/raise-message.command.js';
import { SetVariablesCommand } from '../commands/set-variables.command.js';
import { StartInstanceCommand } from '../commands/start-instance.command.js';
import { InstanceQueryService } from './instance-query.service.js';
import { TaskRouteService } from './task-route.service.js';

/** Process instances: start, list, read, history, cancel, variables. */
@ApiTags('process-instances')
@ApiBearerAuth()
@Controller('process-instances')
export class ProcessInstanceController {
  constructor(
    @Inject(InstanceQueryService) private readonly instances: InstanceQueryService,
    @Inject(StartInstanceCommand) private readonly startInstance: StartInstanceCommand,
    @Inject(RaiseMessageCommand) private readonly raiseMessage: RaiseMessageCommand,
    @Inject(CancelInstanceCommand) private readonly cancelInstance: CancelInstanceCommand,
    @Inject(SetVariablesCommand) private readonly setInstanceVariables: SetVariablesCommand,
    @Inject(TaskRouteService) private readonly route: TaskRouteService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Start an instance of the latest version of a process key (or of a given definition), about the starter or `subjectId`' })
  @ApiCreatedResponse({ type: InstanceView, description: 'the started instance, with its `subject`' })
  @ApiBadRequestResponse({ type: ApiErrorView, description: 'a field is not valid (`subjectId` not a UUID, the subject deactivated, …); nothing is started' })
  @ApiForbiddenResponse({ type: ApiErrorView, description: 'the caller may not start the process, or not about this subject (`subjectId` of the tenant out of reach) or at this `orgId`; nothing is started' })
  @ApiNotFoundResponse({ type: ApiErrorView, description: 'no such process, or `subjectId` is no user of the caller’s tenant; nothing is started' })
  async start(@CurrentUser() user: AuthUser, @Body() body: StartInstanceDto) {
    return this.instances.get(user, await this.startInstance.execute({ user, dto: body }));
  }

  @Get()
  @ApiOperation({ summary: 'Instances the caller may see (participants, the subject; supervisors and admins of an ancestor organisation); `subject=me`: the routes about the caller' })
  @ApiOkResponse({ type: InstanceListView })
  list(@CurrentUser() user: AuthUser, @Query() q: ListInstancesQuery) {
    return this.instances.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One instance: state, active elements, variables, incidents, subject, current steps' })
  @ApiOkResponse({ type: InstanceView })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.instances.get(user, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every step of the instance: who did what, when, with which variables' })
  history(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.instances.history(user, id);
  }

  @Get(':id/steps')
  @ApiOperation({ summary: 'What was filled in along the route: its completed steps (the root instance and every instance it called), oldest first, each with its form, the values submitted, who and when' })
  @ApiNotFoundResponse({ type: ApiErrorView, description: 'no such instance, or the caller may not see it' })
  steps(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.route.instanceSteps(user, id);
  }

  @Post(':id/messages')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A participant raises a message on this instance alone (declared in `processes.<key>.raisable`, by holders of its roles when given): '
      + '400 undeclared, 403 without the role, 404 not visible, 409 not waiting for it now',
  })
  @ApiOkResponse({ type: InstanceView, description: 'the instance after the message moved it' })
  @ApiBadRequestResponse({ type: ApiErrorView, description: 'the message is not declared raisable for the process, or the body is not valid' })
  @ApiForbiddenResponse({ type: ApiErrorView, description: 'the declaration names roles the caller does not hold at the instance’s organisation or above' })
  @ApiNotFoundResponse({ type: ApiErrorView, description: 'no such instance, or the caller may not see it' })
  @ApiConflictResponse({ type: ApiErrorView, description: 'nothing in the instance waits for this message now' })
  async raise(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: RaiseMessageDto) {
    await this.raiseMessage.execute({ user, instanceId: id, dto: body });
    return this.instances.get(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel (terminate) an instance: its starter or a tenant administrator' })
  async cancel(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    await this.cancelInstance.execute({ user, instanceId: id });
    return this.instances.get(user, id);
  }

  @Put(':id/variables')
  @ApiOperation({ summary: 'Set instance variables (tenant administrators), e.g. to fix the cause of an incident' })
  async setVariables(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SetVariablesDto) {
    await this.setInstanceVariables.execute({ user, instanceId: id, variables: body.variables });
    return this.instances.get(user, id);
  }
}
