import fs from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';
import { AppModule } from './app.module.js';
import { ClockService } from './time/clock.service.js';
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
import { MetricsService } from './observability/metrics.service.js';

/** A started server: its HTTP address, the database it uses, and an orderly stop. */
export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** How {@link startServer} may be steered from outside. */
export interface StartOptions {
  /**
   * Aborting stops the start: the embedded PostgreSQL is stopped at once (the stage running fails
   * fast), what was started is closed, and `startServer` rejects.
   */
  signal?: AbortSignal;
  /** Awaited before the server listens (the launcher's web-app build, run meanwhile). */
  beforeListen?: Promise<unknown>;
}

/** How long the application may take to close before PostgreSQL is stopped regardless. */
const APP_CLOSE_TIMEOUT_MS = 15_000;

/** Settles with `p`, or rejects with `message` after `ms`. */
async function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the whole system: PostgreSQL (embedded when `databaseUrl` is unset), migrations, the Nest
 * application with the API under `/api`, its OpenAPI document at `/api/docs`, the web app at `/`,
 * the job executor and the first-start seed (superadmin, demo data).
 */
export async function startServer(config: AppConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = new AppLogger(config);
  Logger.overrideLogger(logger);
  const log = new Logger('Server');
  const t0 = performance.now();
  const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  let embedded: EmbeddedDatabase | undefined;
  let app: NestExpressApplication | undefined;
  const onAbort = () => void embedded?.stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let databaseUrl = config.databaseUrl;
  try {
    if (!databaseUrl) {
      const pgLog = new Logger('PostgreSQL');
      embedded = new EmbeddedDatabase(config.dataDir, (m) => pgLog.verbose(m), (m) => pgLog.warn(m));
      databaseUrl = await embedded.start();
      log.log(`embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')} (${since()})`);
    } else {
      await checkReachable(databaseUrl);
    }
    opts.signal?.throwIfAborted();
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log.log(`migrations applied: ${applied.join(', ')}`);

    app = await NestFactory.create<NestExpressApplication>(AppModule.register({ ...config, databaseUrl }), {
      logger,
      bodyParser: false,
      // Throw instead of exiting the process, so an abandoned start still stops its PostgreSQL and exits 0.
      abortOnError: false,
    });
    app.use(...securityHeaders());
    if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
    // Nest's type leaves out `verify` (it uses it for rawBody, which is off): the depth check runs on the raw bytes.
    app.useBodyParser('json', { limit: config.bodyLimit, verify: verifyJsonDepth } as { limit: number });
    app.useBodyParser('text', { limit: config.bodyLimit, type: ['text/*', 'application/xml'] });
    app.use(inputGuard);
    app.setGlobalPrefix('api', { exclude: ['metrics'] });
    app.useGlobalFilters(new ApiExceptionFilter());
    app.disable('x-powered-by');
    app.use(requestIds);
    app.use(app.get(MetricsService).httpMiddleware);

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

    // Initialise the modules before the seed: their listeners (notifications of new tasks, reminder
    // jobs) and job kinds register in onModuleInit, and the demo's routes must be told like any other.
    await app.init();
    await app.get(ClockService).init();
    await app.get(SeedService).run();
    opts.signal?.throwIfAborted();
    // Health answers only once the demo is loaded and the web app built: the time to a healthy
    // server is the time until a newcomer can log in and work.
    await opts.beforeListen;
    if (!fs.existsSync(path.join(config.webDir, 'index.html'))) log.warn(`no built web app in ${config.webDir} (run npm run build): only the API is served`);
    opts.signal?.throwIfAborted();
    await app.listen(config.port, config.host);
    app.get(JobExecutorService).start();
    log.log(`started in ${since()}`);
    opts.signal?.removeEventListener('abort', onAbort);
    const addr = app.getHttpServer().address() as { port: number };
    const url = `http://localhost:${addr.port}`;
    const started = app;
    let closing: Promise<void> | undefined;
    return {
      app,
      url,
      databaseUrl,
      close() {
        closing ??= stopAll(started, embedded, log);
        return closing;
      },
    };
  } catch (e) {
    opts.signal?.removeEventListener('abort', onAbort);
    if (app) await stopAll(app, embedded, log);
    else await embedded?.stop();
    throw e;
  }
}

/**
 * Stops in order: HTTP server, job executor and other workers (Nest shutdown hooks), the pools,
 * then the embedded PostgreSQL. PostgreSQL is stopped even when the application does not close
 * in time (e.g. a hook waiting on a database that is gone).
 */
async function stopAll(app: NestExpressApplication, embedded: EmbeddedDatabase | undefined, log: Logger): Promise<void> {
  try {
    await within(app.close(), APP_CLOSE_TIMEOUT_MS, `the application did not close within ${APP_CLOSE_TIMEOUT_MS / 1000} s`);
  } catch (e) {
    log.warn(`stopping: ${(e as Error).message}`);
  } finally {
    await embedded?.stop();
  }
}

/**
 * Serves the built web app at `/`, with the SPA's index.html for any non-API path (GET, and HEAD
 * for uptime checks). The page is
 * read on first use, so the web app may still be building while the server starts.
 */
function serveWebApp(app: NestExpressApplication, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  // The files of the web app, never looked for under /api or /metrics: a file lookup (a `stat`)
  // on every API request cost the inbox ~7 % of its CPU.
  const assets = serveStatic(webDir, { index: false, maxAge: '1h' });
  const isApi = (p: string) => p === '/api' || p.startsWith('/api/') || p === '/metrics';
  app.use((req: Request, res: Response, next: NextFunction) => (isApi(req.path) ? next() : assets(req, res, next)));
  let html: string | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    if (html === undefined && fs.existsSync(index)) html = fs.readFileSync(index, 'utf8');
    if (html === undefined) return next();
    res.type('html').set('Cache-Control', 'no-cache').send(html);
  });
}
