import pg from 'pg';
import { createTestDatabase } from './test-db.js';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../server/src/config/app-config.js';
import { freePort } from '../../server/src/database/embedded-database.js';
import { TEST_ADMIN_PASSWORD } from './test-server.js';
import type { TestServer } from './test-server.js';

/** The built server (`npm run build -w server`; the test command builds before the suites). */
export const BUILT_SERVER = path.join(repoRoot(), 'server/dist/server/src/main.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server running as its own operating-system process (so that it can be SIGKILLed). */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** The last 20,000 characters it wrote. */
  output: () => string;
  /** Its exit code (null after a signal), once it has exited. */
  exited: Promise<number | null>;
}

/** Fails with a clear message when the server has not been built. */
export function assertServerBuilt(): void {
  if (!fs.existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run npm run build -w server first`);
}

/**
 * Starts the built server as a child process on `databaseUrl` and a free port; resolves once its
 * health answers. `env` overrides settings (the defaults: real clock, quiet log, 3 s job locks).
 */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_SERVER], {
    env: {
      ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false',
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, JOB_LOCK_MS: '3000', LOG_LEVEL: 'error', DB_POOL_SIZE: '10', ENGINE_CLOCK: 'real', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const proc = { child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${proc.url}/api/health`)).ok) return proc;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`server not healthy: ${out}`);
}

/** SIGKILLs a server process (if still running) and waits until it is gone. */
export async function killServerProcess(proc: ServerProcess): Promise<void> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}

/** The small API client of the fixtures, against one server process. */
export function clientOf(proc: { url: string }): TestServer {
  const call: TestServer['call'] = async (method, p, body, token) => {
    const res = await fetch(proc.url + p, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    url: proc.url,
    call,
    async login(username: string, password: string) {
      const r = await call('POST', '/api/auth/login', { username, password });
      if (r.status !== 200 && r.status !== 201) throw new Error(`login ${username}: ${r.status}`);
      return r.body.accessToken as string;
    },
  } as unknown as TestServer;
}

/**
 * The set-up of a suite that runs several server processes on one database of its own: before all,
 * the built server is checked, the database created and a client connected to it; after all, the
 * processes still running are killed and the client closed. Push the processes the suite starts
 * onto `procs`.
 */
export function serverProcessesSuite(): { databaseUrl: string; db: pg.Client; procs: ServerProcess[] } {
  const suite = { databaseUrl: '', db: undefined as unknown as pg.Client, procs: [] as ServerProcess[] };
  beforeAll(async () => {
    assertServerBuilt();
    suite.databaseUrl = await createTestDatabase();
    suite.db = new pg.Client({ connectionString: suite.databaseUrl });
    await suite.db.connect();
  });
  afterAll(async () => {
    for (const p of suite.procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all(suite.procs.map((p) => p.exited));
    await suite.db?.end();
  });
  return suite;
}

