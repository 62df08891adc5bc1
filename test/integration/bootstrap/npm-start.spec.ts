import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { freePort } from '../../../server/src/database/embedded-database.js';

// `npm start` stopped the way a service manager, a container runtime or a CI script stops it:
// SIGTERM to npm's pid, not to the node process under it.

/** The pids of `pid` and of every process under it, now. */
function tree(pid: number): Set<number> {
  const parent = new Map<number, number>();
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      parent.set(Number(p), Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]));
    } catch {
      // ended while we looked
    }
  }
  const out = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of parent) {
      if (out.has(pp) && !out.has(p)) {
        out.add(p);
        grew = true;
      }
    }
  }
  return out;
}

function alive(pids: Iterable<number>): number[] {
  return [...pids].filter((p) => {
    try {
      // a zombie is not running: only its parent's wait is missing
      return !/\) Z /.test(fs.readFileSync(`/proc/${p}/stat`, 'utf8'));
    } catch {
      return false;
    }
  });
}

function postgresOf(dataDir: string): number[] {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((p) => {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return cmd[0].endsWith('/postgres') && cmd.includes(path.join(dataDir, 'postgres'));
    } catch {
      return false;
    }
  });
}

describe('npm start under a service manager', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-npm-start-'));
  fs.chmodSync(dataDir, 0o755);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('SIGTERM to npm stops the server and its PostgreSQL; nothing of the tree is left running', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot(),
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout!.on('data', (d) => (out += d));
    npm.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) => npm.on('exit', (code, signal) => r({ code, signal })));

    let healthy = false;
    while (!healthy) {
      if (npm.exitCode !== null) throw new Error(`npm start ended: ${out}`);
      healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    const pids = tree(npm.pid!);
    expect(postgresOf(dataDir).length).toBeGreaterThan(0);
    // npm's child is the server itself (no shell between them that would swallow the signal)
    expect(pids.size).toBeGreaterThanOrEqual(3);

    npm.kill('SIGTERM');
    const how = await exited;
    expect(how.code === 0 || how.signal === 'SIGTERM').toBe(true);
    expect(out).toContain('SIGTERM: stopping');
    expect(alive(pids)).toEqual([]);
    expect(postgresOf(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
  }, 240_000);
});
