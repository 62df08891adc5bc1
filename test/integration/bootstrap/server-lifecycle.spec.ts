import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { freePort } from '../../../server/src/database/embedded-database.js';

// The real start path: the built server (`npm run build` runs before the suites) on the embedded
// default, in its own data folder, as `npm start` runs it.
const main = path.join(repoRoot(), 'server/dist/server/src/main.js');

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(dataDir: string, port: number, env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), DEMO_DATA: 'false', LOG_LEVEL: 'log', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitHealthy(port: number, proc: Proc): Promise<any> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.output()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return r.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not healthy: ${proc.output()}`);
}

function postgresPidsOf(dataDir: string): number[] {
  const pids: number[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (cmd[0].endsWith('/postgres') && cmd.includes(path.join(dataDir, 'postgres'))) pids.push(Number(p));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe('server lifecycle on the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-life-'));
  fs.chmodSync(dataDir, 0o755);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('a bad setting refuses to start, naming the variable, the value and what is allowed', async () => {
    const bad = run(dataDir, await freePort(), { JOB_BATCH_SIZE: 'abc', LOG_FORMAT: 'xml' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('JOB_BATCH_SIZE="abc": allowed is a whole number from 1 to 10000');
    expect(bad.output()).toContain('LOG_FORMAT="xml": allowed is one of text, json');
    // refused before anything started: no PostgreSQL, no lock on the folder
    expect(postgresPidsOf(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
  });

  test('starts healthy, refuses a second server on the same folder, stops cleanly on SIGTERM, keeps the data', async () => {
    expect(fs.existsSync(main)).toBe(true);
    const port = await freePort();
    const first = run(dataDir, port);
    const health = await waitHealthy(port, first);
    expect(health.status).toBe('ok');
    expect(first.output()).toContain('created the superadmin "admin"');

    // A second server on the same data folder names the folder and the pid and exits non-zero.
    const second = run(dataDir, await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`is in use by another server (pid ${first.child.pid})`);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok).toBe(true);

    // SIGTERM: the server and its PostgreSQL stop; nothing of the project is left running.
    expect(postgresPidsOf(dataDir).length).toBeGreaterThan(0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(postgresPidsOf(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);

    // A restart reuses the data: the superadmin exists already, so it is not created again.
    const third = run(dataDir, port);
    await waitHealthy(port, third);
    expect(third.output()).not.toContain('created the superadmin');
    expect(third.output()).not.toContain('initialising PostgreSQL');

    // Killed without a chance to clean up, it leaves PostgreSQL running; the next start takes over.
    third.child.kill('SIGKILL');
    await third.exited;
    expect(postgresPidsOf(dataDir).length).toBeGreaterThan(0);
    const fourth = run(dataDir, port);
    await waitHealthy(port, fourth);
    expect(fourth.output()).toContain('left running by a server that did not shut down');
    fourth.child.kill('SIGINT');
    expect(await fourth.exited).toBe(0);
    expect(postgresPidsOf(dataDir)).toEqual([]);
  }, 180_000);

  test('stops when its PostgreSQL is already gone, and when signalled while still starting', async () => {
    const port = await freePort();
    const first = run(dataDir, port);
    await waitHealthy(port, first);
    for (const pid of postgresPidsOf(dataDir)) process.kill(pid, 'SIGKILL');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);

    // SIGTERM once PostgreSQL is up but before the server listens: the start is abandoned, all stops.
    const second = run(dataDir, port, { DEMO_DATA: 'true' });
    while (!second.output().includes('embedded PostgreSQL in')) {
      if (second.child.exitCode !== null) throw new Error(second.output());
      await new Promise((r) => setTimeout(r, 50));
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('SIGTERM: stopping');
    expect(postgresPidsOf(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
  }, 180_000);
});
