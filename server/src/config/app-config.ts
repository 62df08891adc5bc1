import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Log levels accepted by `LOG_LEVEL`, from the most to the least verbose. */
export const LOG_LEVELS = ['verbose', 'debug', 'log', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The demo password of `admin` on the embedded default when `ADMIN_PASSWORD` is unset (README). */
export const DEMO_ADMIN_PASSWORD = 'admin-demo';

/** Server configuration, read once from the environment (each variable is documented in README.md). */
export interface AppConfig {
  port: number;
  /** Connection string of an external PostgreSQL; undefined means the embedded default. */
  databaseUrl?: string;
  /** Folder of the embedded PostgreSQL cluster (used only without `databaseUrl`). */
  dataDir: string;
  adminPassword?: string;
  demoData: boolean;
  engineClock: 'real' | 'simulated';
  logLevel: LogLevel;
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

class ConfigError extends Error {}

function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseInt10(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function parseTrustProxy(raw: string | undefined): false | number | string {
  const v = raw?.trim();
  if (!v || /^(false|0|no)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  // "true" would trust any X-Forwarded-For, letting every client choose its address.
  if (/^(true|yes)$/i.test(v)) {
    throw new ConfigError('TRUST_PROXY must be a number of proxy hops (e.g. 1) or the proxies\' addresses (e.g. "loopback" or "10.0.0.0/8"), not "true"');
  }
  if (!/^[\w.:/,\s-]+$/.test(v)) throw new ConfigError(`TRUST_PROXY must be a number of hops or a comma-separated list of addresses or subnets, got "${v}"`);
  return v;
}

/**
 * Reads the configuration from `env`; throws an error naming the variable when a value is invalid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const root = repoRoot();
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const clock = env.ENGINE_CLOCK?.trim() || 'real';
  if (clock !== 'real' && clock !== 'simulated') {
    throw new ConfigError(`ENGINE_CLOCK must be "real" or "simulated", got "${clock}"`);
  }
  const level = (env.LOG_LEVEL?.trim() || 'log') as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  }
  const adminPassword = env.ADMIN_PASSWORD || (databaseUrl ? undefined : DEMO_ADMIN_PASSWORD);
  return {
    port: parseInt10('PORT', env.PORT, 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(root, env.DATA_DIR?.trim() || '.data'),
    adminPassword,
    demoData: parseBool('DEMO_DATA', env.DEMO_DATA, !databaseUrl),
    engineClock: clock,
    logLevel: level,
    bodyLimit: parseInt10('BODY_LIMIT', env.BODY_LIMIT, 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    webDir: path.resolve(root, env.WEB_DIR?.trim() || 'designer/dist'),
    processesDir: path.resolve(root, env.PROCESSES_DIR?.trim() || 'processes'),
    jwtSecret: env.JWT_SECRET || undefined,
    tokenTtlSeconds: parseInt10('TOKEN_TTL_SECONDS', env.TOKEN_TTL_SECONDS, 8 * 3600, 60, 30 * 24 * 3600),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

export { ConfigError };
