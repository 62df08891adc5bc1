import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from './clock/clock.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { dataSourceOptions } from './database/migrate.js';
import { SafeQueryLogger } from './database/safe-query-logger.js';
import { HealthModule } from './health/health.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { RuntimeModule } from './runtime/runtime.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DraftsModule } from './drafts/drafts.module.js';
import { SeedModule } from './seed/seed.module.js';
import { ObservabilityModule } from './observability/observability.module.js';

/** The application: every capability module, on one PostgreSQL. */
@Module({})
export class AppModule {
  static register(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl),
          migrationsRun: false,
          // The database was reached and migrated a moment ago: a failure now is real (or the start
          // was abandoned and PostgreSQL stopped), so fail at once instead of retrying for 30 s.
          retryAttempts: 0,
          autoLoadEntities: true,
          extra: { max: config.dbPoolSize },
          logger: new SafeQueryLogger(config.logLevel === 'verbose' ? ['query', 'error', 'warn'] : ['error']),
        }),
        DatabaseModule,
        ObservabilityModule,
        ClockModule,
        JobsModule,
        SeedModule,
        HealthModule,
        IdentityModule,
        RuntimeModule,
        NotificationsModule,
        SupervisionModule,
        CatalogModule,
        DocumentsModule,
        DemoModule,
        DraftsModule,
      ],
    };
  }
}
