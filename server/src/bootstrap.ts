import fs from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { ClockService } from './clock/clock.service.js';
import type { AppConfig } from './config/app-config.js';
import { checkReachable, EmbeddedDatabase } from './database/embedded-database.js';
import { runMigrations } from './database/migrate.js';
import { JobExecutorService } from './jobs/job-executor.service.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { inputGuard, verifyJsonDepth } from './common/input-guard.middleware.js';
import { securityHeaders } from './common/security-headers.js';
import { SeedService } from './seed/seed.service.js';
import { AppLogger } from './observability/app-logger.js';
import { requestIds } from './observability/request-id.middleware.js';

/** A started server: its HTTP address, the database it uses, and an orderly stop. */
export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the whole system: PostgreSQL (embedded when `databaseUrl` is unset), migrations, the Nest
 * application with the API under `/api`, its OpenAPI document at `/api/docs`, the web app at `/`,
 * the job executor and the first-start seed (superadmin, demo data).
 */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  const logger = new AppLogger(config);
  Logger.overrideLogger(logger);
  const log = new Logger('Server');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const pgLog = new Logger('PostgreSQL');
    embedded = new EmbeddedDatabase(config.dataDir, (m) => pgLog.verbose(m), (m) => pgLog.warn(m));
    databaseUrl = await embedded.start();
    log.log(`embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')}`);
  } else {
    await checkReachable(databaseUrl);
  }
  try {
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log.log(`migrations applied: ${applied.join(', ')}`);

    const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ ...config, databaseUrl }), {
      logger,
      bodyParser: false,
    });
    // Nest's type leaves out `verify` (it uses it for rawBody, which is off): the depth check runs on the raw bytes.
    app.use(...securityHeaders());
    if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
    app.useBodyParser('json', { limit: config.bodyLimit, verify: verifyJsonDepth } as { limit: number });
    app.useBodyParser('text', { limit: config.bodyLimit, type: ['text/*', 'application/xml'] });
    app.use(inputGuard);
    app.setGlobalPrefix('api');
    app.useGlobalFilters(new ApiExceptionFilter());
    app.disable('x-powered-by');
    app.use(requestIds);

    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Workflow engine for teachers\' professional development')
        .setDescription('BPMN 2.0 processes of the regulations: deployments, instances, tasks, messages, timers, identity, supervision.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

    serveWebApp(app, config.webDir);

    await app.get(ClockService).init();
    await app.get(SeedService).run();
    await app.listen(config.port, config.host);
    app.get(JobExecutorService).start();
    const addr = app.getHttpServer().address() as { port: number };
    const url = `http://localhost:${addr.port}`;
    let closed = false;
    return {
      app,
      url,
      databaseUrl,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
}

/** Serves the built web app at `/`, with the SPA's index.html for any non-API path. */
function serveWebApp(app: NestExpressApplication, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) {
    new Logger('Server').warn(`no built web app in ${webDir} (run npm run build): only the API is served`);
    return;
  }
  app.useStaticAssets(webDir, { index: false, maxAge: '1h' });
  const html = fs.readFileSync(index, 'utf8');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.type('html').set('Cache-Control', 'no-cache').send(html);
  });
}
