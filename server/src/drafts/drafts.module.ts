import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { DraftsController } from './drafts.controller.js';
import { DraftsService } from './drafts.service.js';
import { SandboxCleanupJob } from './sandbox-cleanup.job.js';
import { SandboxController } from './sandbox.controller.js';
import { SandboxService } from './sandbox.service.js';

/**
 * The designer's server side: drafts, the tenant's variants and forms, and the sandbox. The
 * sandbox starts instances and completes tasks through the runtime's own services (exported by
 * the runtime module).
 */
@Module({
  imports: [IdentityModule, RuntimeModule],
  controllers: [DraftsController, SandboxController],
  providers: [DraftsService, SandboxService, SandboxCleanupJob],
})
export class DraftsModule {}
