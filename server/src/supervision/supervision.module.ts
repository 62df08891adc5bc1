import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { AlertsController } from './alerts.controller.js';
import { AlertStore } from './alert.store.js';
import { AlertsService } from './alerts.service.js';
import { DigestJob } from './digest.job.js';
import { IndicatorsController } from './indicators.controller.js';
import { IndicatorsService } from './indicators.service.js';
import { ProcessMapController } from './process-map.controller.js';
import { ProcessMapService } from './process-map.service.js';
import { SupervisionScopeService } from './supervision-scope.service.js';
import { VariantDeclarationsService } from './variant-declarations.service.js';

/**
 * Overdue alerts (tasks past due, stages past the `stageLimits` of `variant.json`) with
 * acknowledgements, the supervisors' daily digest, process maps with counts per element, and the
 * regulations' indicators with XLSX/CSV export.
 */
@Module({
  imports: [IdentityModule, RuntimeModule, NotificationsModule],
  controllers: [AlertsController, IndicatorsController, ProcessMapController],
  providers: [AlertStore, SupervisionScopeService, VariantDeclarationsService, AlertsService, IndicatorsService, ProcessMapService, DigestJob],
  exports: [AlertsService],
})
export class SupervisionModule {}
