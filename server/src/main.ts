import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { startServer } from './bootstrap.js';
import type { RunningServer } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';

const log = new Logger('Main');

/** Signals that stop the server in order (a service manager's SIGTERM, Ctrl-C's SIGINT, a closed terminal's SIGHUP). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the server until a stop signal, then stops it in order (HTTP, job executor, pools, the
 * embedded PostgreSQL) and exits. A signal during the start aborts it and cleans up the same way.
 * `webAppReady`: the launcher's web-app build, awaited before the server listens.
 */
export async function runServer(opts: { webAppReady?: Promise<unknown> } = {}): Promise<void> {
  const config = loadConfig();
  const abort = new AbortController();
  let server: RunningServer | undefined;
  let stopping = false;
  const finish = (code: number) => {
    log.log(code ? 'stopped after an error' : 'stopped');
    process.exit(code);
  };
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: stopping`);
    if (!server) return abort.abort();
    server.close().then(
      () => finish(0),
      (e: Error) => {
        log.error(`stop failed: ${e.message}`);
        finish(1);
      },
    );
  };
  for (const s of STOP_SIGNALS) process.on(s, () => stop(s));
  try {
    server = await startServer(config, { signal: abort.signal, beforeListen: opts.webAppReady });
  } catch (e) {
    if (stopping) return finish(0);
    throw e;
  }
  log.log(`ready at ${server.url} (API ${server.url}/api, docs ${server.url}/api/docs)`);
}

/** Reports a failed start and exits non-zero. */
export function failed(e: Error): never {
  // A refused setting is the operator's to fix: the message alone, without a stack.
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else log.error(e.message);
  process.exit(1);
}

// Run when this file is the entry point (`node server/dist/server/src/main.js`); the launcher
// (`scripts/start.mjs`) imports it and calls runServer itself.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runServer().catch(failed);
}
