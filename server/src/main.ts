import { Logger } from '@nestjs/common';
import { startServer } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';

const log = new Logger('Main');

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  log.log(`ready at ${server.url} (API ${server.url}/api, docs ${server.url}/api/docs)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (e: Error) => {
        log.error(`stop failed: ${e.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: Error) => {
  // A refused setting is the operator's to fix: the message alone, without a stack.
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else log.error(e.message);
  process.exit(1);
});
