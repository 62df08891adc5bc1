import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { DefinitionCacheService } from './definitions/definition-cache.service.js';
import { DeployCommand } from './definitions/deploy.command.js';
import { DeploymentController } from './definitions/deployment.controller.js';
import { EngineJobsService } from './instances/engine-jobs.service.js';
import { EngineService } from './instances/engine.service.js';
import { IncidentController } from './instances/incident.controller.js';
import { MessageController } from './instances/message.controller.js';
import { ProcessInstanceController } from './instances/process-instance.controller.js';
import { ProcessInstanceService } from './instances/process-instance.service.js';
import { RuntimeEventsService } from './instances/runtime-events.service.js';
import { TaskController } from './instances/task.controller.js';
import { TaskService } from './instances/task.service.js';
import { TaskRouteService } from './instances/task-route.service.js';
import { StartSubjectsController } from './instances/start-subjects.controller.js';
import { StartSubjectsService } from './instances/start-subjects.service.js';
import { CalendarService } from './tenancy/calendar.service.js';
import { CallerScopeService } from './tenancy/caller-scope.service.js';
import { TenantContextService } from './tenancy/tenant-context.service.js';

/**
 * The engine core on PostgreSQL: deployments and versioned definitions, instances, the inbox,
 * messages and signals, incidents and jobs. Every public operation is one command in one
 * transaction ({@link EngineService}).
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
    ProcessInstanceService,
    TaskService,
    TaskRouteService,
    StartSubjectsService,
  ],
  exports: [RuntimeEventsService, EngineService, DeployCommand, TenantContextService, CalendarService, DefinitionCacheService, CallerScopeService,
    ProcessInstanceService, TaskService],
})
export class RuntimeModule {}
