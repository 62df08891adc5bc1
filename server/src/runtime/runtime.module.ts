import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { DefinitionCacheService } from './definitions/definition-cache.service.js';
import { DefinitionStore } from './definitions/definition.store.js';
import { DeployCommand } from './definitions/deploy.command.js';
import { DeploymentController } from './definitions/deployment.controller.js';
import { EngineJobsService } from './instances/engine-jobs.service.js';
import { EngineService } from './instances/engine.service.js';
import { IncidentController } from './instances/incident.controller.js';
import { MessageController } from './instances/message.controller.js';
import { ProcessInstanceController } from './instances/process-instance.controller.js';
import { InstanceQueryService } from './instances/instance-query.service.js';
import { IncidentStore } from './instances/incident.store.js';
import { InstanceStore } from './instances/instance.store.js';
import { TaskAccessService } from './instances/task-access.service.js';
import { TaskStore } from './instances/task.store.js';
import { TimerStartStore } from './instances/timer-start.store.js';
import { FormStore } from './forms/form.store.js';
import { RUNTIME_COMMANDS } from './commands/runtime-commands.js';
import { RuntimeEventsService } from './instances/runtime-events.service.js';
import { TaskController } from './instances/task.controller.js';
import { TaskQueryService } from './instances/task-query.service.js';
import { TaskRouteService } from './instances/task-route.service.js';
import { StartSubjectsController } from './instances/start-subjects.controller.js';
import { StartSubjectsService } from './instances/start-subjects.service.js';
import { ReassignCandidatesService } from './instances/reassign-candidates.service.js';
import { CalendarService } from './tenancy/calendar.service.js';
import { CallerScopeService } from './tenancy/caller-scope.service.js';
import { TenantContextService } from './tenancy/tenant-context.service.js';

/**
 * The engine core on PostgreSQL: deployments and versioned definitions, instances, the inbox,
 * messages and signals, incidents and jobs. Every public operation is one command
 * (`commands/*.command.ts`, exported) run in one transaction by {@link EngineService}; queries
 * (inbox, instance lists, history) are apart, SQL is in stores (`*.store.ts`).
 */
@Module({
  imports: [IdentityModule],
  controllers: [StartSubjectsController, DeploymentController, ProcessInstanceController, TaskController, MessageController, IncidentController],
  providers: [
    CalendarService,
    TenantContextService,
    CallerScopeService,
    DefinitionCacheService,
    DeployCommand,
    RuntimeEventsService,
    EngineService,
    EngineJobsService,
    DefinitionStore,
    FormStore,
    IncidentStore,
    InstanceStore,
    TaskStore,
    TimerStartStore,
    TaskAccessService,
    InstanceQueryService,
    TaskQueryService,
    ...RUNTIME_COMMANDS,
    TaskRouteService,
    StartSubjectsService,
    ReassignCandidatesService,
  ],
  exports: [RuntimeEventsService, EngineService, DeployCommand, TenantContextService, CalendarService, DefinitionCacheService, CallerScopeService,
    InstanceQueryService, TaskQueryService, FormStore, TaskStore, DefinitionStore, ...RUNTIME_COMMANDS],
})
export class RuntimeModule {}
