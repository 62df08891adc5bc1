import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FEEL_LIMITS } from '../engine/feel/feel-budget.js';
import type { FeelLimits } from '../engine/feel/feel-budget.js';
import { ConfigError, EnvReader } from './env-reader.js';

/** Log formats accepted by `LOG_FORMAT`. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Log levels accepted by `LOG_LEVEL`, from the most to the least verbose. */
export const LOG_LEVELS = ['verbose', 'debug', 'log', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The demo password of `admin` on the embedded default when `ADMIN_PASSWORD` is unset (README). */
export const DEMO_ADMIN_PASSWORD = 'admin-demo';

/** Tunables of the job executor. */
export interface JobSettings {
  /** `JOB_POLL_INTERVAL_MS`: how often the executor looks for due jobs. */
  pollIntervalMs: number;
  /** `JOB_BATCH_SIZE`: jobs claimed per poll. */
  batchSize: number;
  /** `JOB_CONCURRENCY`: jobs run at once per process. */
  concurrency: number;
  /** `JOB_LOCK_MS`: how long a claimed job stays locked to its process. */
  lockDurationMs: number;
  /** `JOB_GROUP_SIZE`: timer jobs of different instances committed together (1 = one transaction per job). */
  groupSize: number;
}

/** E-mail settings. */
export interface MailConfig {
  /** `SMTP_URL`, e.g. `smtp://user:pass@mail.example.ru:587` or `smtps://…:465`; unset: no e-mail. */
  smtpUrl?: string;
  /** `SMTP_FROM`: the sender address. */
  from: string;
  /** `MAIL_POLL_INTERVAL_MS`: how often the dispatcher looks for due messages (it also wakes on new ones). */
  pollIntervalMs: number;
  /** `MAIL_RETRY_BASE_MS`: the first retry delay; each next one doubles, up to one hour. */
  retryBaseMs: number;
  /** `MAIL_MAX_ATTEMPTS`: tries before a message is marked failed. */
  maxAttempts: number;
  /** `APP_URL`: the public address of the web app, for links in messages (optional). */
  appUrl?: string;
}

/** Where `/metrics` is served and who may read it. */
export interface MetricsSettings {
  /** `METRICS_TOKEN`: when set, `/metrics` requires `Authorization: Bearer <token>`. */
  token?: string;
  /** `METRICS_PORT`: when set, `/metrics` is served on this port of {@link host} only, not on the main port. */
  port?: number;
  /** `METRICS_HOST`: the interface of the metrics port. */
  host: string;
}

/** Server configuration, read once from the environment (each variable is documented in README.md). */
export interface AppConfig {
  port: number;
  /** `HOST`: the interface the HTTP server listens on. */
  host: string;
  /** Connection string of an external PostgreSQL; undefined means the embedded default. */
  databaseUrl?: string;
  /** Folder of the embedded PostgreSQL cluster (used only without `databaseUrl`). */
  dataDir: string;
  adminPassword?: string;
  demoData: boolean;
  engineClock: 'real' | 'simulated';
  logLevel: LogLevel;
  /** `LOG_FORMAT`: `text` (coloured only on a terminal) or `json` (one JSON object per line). */
  logFormat: LogFormat;
  /** Colours in text logs: only when stdout is a terminal and `NO_COLOR` is unset. */
  logColors: boolean;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Folder of the built web app served at `/`. */
  webDir: string;
  /** Folder of the regulation variants deployed at start. */
  processesDir: string;
  /** Secret for signing access tokens; when unset, one is generated once and kept in the database. */
  jwtSecret?: string;
  /** Access-token lifetime in seconds. */
  tokenTtlSeconds: number;
  /** `DB_POOL_SIZE`: PostgreSQL connections of the main pool. */
  dbPoolSize: number;
  /** `DB_READ_POOL_SIZE`: connections of the read-only pool for the hottest reads. */
  dbReadPoolSize: number;
  jobs: JobSettings;
  mail: MailConfig;
  /** The supervisors' daily digest: `DIGEST_HOUR` (local hour) and `DIGEST_ENABLED`. */
  digest: { hour: number; enabled: boolean };
  metrics: MetricsSettings;
  /** Bounds of every FEEL evaluation (`FEEL_MAX_STEPS`, `FEEL_MAX_ITEMS`, `FEEL_MAX_STRING_LENGTH`, `FEEL_MAX_DEPTH`, `FEEL_MAX_MILLIS`). */
  feelLimits: FeelLimits;
  /**
   * Express `trust proxy` (`TRUST_PROXY`): false (default: the socket address is the client), a
   * number of proxy hops, or addresses/subnets of trusted proxies (`loopback, 10.0.0.0/8`).
   */
  trustProxy: false | number | string;
}

/** The repository root, found from this file's location in `src/` or in `dist/server/src/`. */
export function repoRoot(): string {
  // Walk up to the package.json that declares the workspaces.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && 'workspaces' in JSON.parse(fs.readFileSync(pkg, 'utf8'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (a package.json with workspaces)');
    dir = up;
  }
}

/** `TRUST_PROXY`: off, a hop count, or a list of proxy addresses/subnets (never "trust everyone"). */
function readTrustProxy(r: EnvReader): false | number | string {
  const v = r.str('TRUST_PROXY');
  if (!v || /^(false|no)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
  // "true" would trust any X-Forwarded-For, letting every client choose its address.
  if (/^(true|yes)$/i.test(v) || !/^[\w.:/,\s-]+$/.test(v)) {
    r.refuse('TRUST_PROXY', 'a number of proxy hops (e.g. 1) or the proxies\' addresses or subnets (e.g. "loopback" or "10.0.0.0/8"); not "true"');
    return false;
  }
  return v;
}

/**
 * Reads the configuration from `env` — the one place where the server reads environment
 * variables. Every value is checked; when any is not valid, throws a {@link ConfigError} naming
 * each bad variable, its value and what is allowed (the server then refuses to start).
 * A new setting: add it to {@link AppConfig}, read it here with its rule, document it in README.md.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const root = repoRoot();
  const r = new EnvReader(env);
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const engineClock = r.oneOf('ENGINE_CLOCK', ['real', 'simulated'] as const, 'real');
  const adminPassword = r.str('ADMIN_PASSWORD', true) ?? (databaseUrl || env.DATABASE_URL?.trim() ? undefined : DEMO_ADMIN_PASSWORD);
  const metricsToken = r.str('METRICS_TOKEN', true);
  if (metricsToken !== undefined && metricsToken.length < 16) r.refuse('METRICS_TOKEN', 'a secret of at least 16 characters', '…');
  const metricsPort = r.raw('METRICS_PORT') === undefined ? undefined : r.int('METRICS_PORT', 0, 1, 65535);
  const config: AppConfig = {
    port: r.int('PORT', 3000, 0, 65535),
    host: r.str('HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(root, r.str('DATA_DIR') ?? '.data'),
    adminPassword,
    demoData: r.bool('DEMO_DATA', !env.DATABASE_URL?.trim()),
    engineClock,
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'log'),
    logFormat: r.oneOf('LOG_FORMAT', LOG_FORMATS, 'text'),
    logColors: !!process.stdout.isTTY && env.NO_COLOR === undefined,
    bodyLimit: r.int('BODY_LIMIT', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    webDir: path.resolve(root, r.str('WEB_DIR') ?? 'designer/dist'),
    processesDir: path.resolve(root, r.str('PROCESSES_DIR') ?? 'processes'),
    jwtSecret: r.str('JWT_SECRET', true),
    tokenTtlSeconds: r.int('TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    dbPoolSize: r.int('DB_POOL_SIZE', 20, 2, 1000),
    dbReadPoolSize: r.int('DB_READ_POOL_SIZE', 8, 1, 1000),
    jobs: {
      pollIntervalMs: r.int('JOB_POLL_INTERVAL_MS', 1000, 10, 86_400_000),
      batchSize: r.int('JOB_BATCH_SIZE', 64, 1, 10_000),
      concurrency: r.int('JOB_CONCURRENCY', 8, 1, 1000),
      lockDurationMs: r.int('JOB_LOCK_MS', 60_000, 1000, 86_400_000),
      groupSize: r.int('JOB_GROUP_SIZE', 32, 1, 1000),
    },
    mail: {
      smtpUrl: r.url('SMTP_URL', ['smtp:', 'smtps:']),
      from: r.str('SMTP_FROM') ?? 'Маршруты <no-reply@localhost>',
      pollIntervalMs: r.int('MAIL_POLL_INTERVAL_MS', 10_000, 50, 86_400_000),
      retryBaseMs: r.int('MAIL_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      maxAttempts: r.int('MAIL_MAX_ATTEMPTS', 50, 1, 1000),
      appUrl: r.url('APP_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    },
    digest: {
      hour: r.int('DIGEST_HOUR', 8, 0, 23),
      // Off by default with the simulated clock: a year run in the sandbox would otherwise fire
      // 8,760 hourly checks among the regulation's own timers.
      enabled: r.bool('DIGEST_ENABLED', engineClock === 'real'),
    },
    metrics: { token: metricsToken, port: metricsPort, host: r.str('METRICS_HOST') ?? '127.0.0.1' },
    feelLimits: {
      maxSteps: r.int('FEEL_MAX_STEPS', DEFAULT_FEEL_LIMITS.maxSteps, 1000, 1_000_000_000),
      maxItems: r.int('FEEL_MAX_ITEMS', DEFAULT_FEEL_LIMITS.maxItems, 100, 100_000_000),
      maxStringLength: r.int('FEEL_MAX_STRING_LENGTH', DEFAULT_FEEL_LIMITS.maxStringLength, 1000, 500_000_000),
      maxDepth: r.int('FEEL_MAX_DEPTH', DEFAULT_FEEL_LIMITS.maxDepth, 20, 5000),
      maxMillis: r.int('FEEL_MAX_MILLIS', DEFAULT_FEEL_LIMITS.maxMillis, 10, 60_000),
    },
    trustProxy: readTrustProxy(r),
  };
  r.done();
  return config;
}

export { ConfigError };
