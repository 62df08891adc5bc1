#!/usr/bin/env node
// Times `npm start` to a healthy server and its stop by SIGTERM to npm, as a newcomer and a
// service manager see them. Prints figures; asserts nothing (test/integration/bootstrap does that).
//
//   node scripts/bench-start.mjs           fresh: no build outputs, a new data folder (as a fresh clone after npm ci)
//   node scripts/bench-start.mjs restart   the outputs and the data folder of the previous run (BENCH_DIR keeps it)
//
// Health counts only once the demo is loaded and the web app is built (the server listens then).
// BENCH_DIR: the data folder to use and keep (default: a new temporary one, removed at the end).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const restart = process.argv[2] === 'restart';
const keep = !!process.env.BENCH_DIR;
const dataDir = keep ? path.resolve(process.env.BENCH_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-start-'));
fs.mkdirSync(dataDir, { recursive: true });
fs.chmodSync(dataDir, 0o755);
if (!restart) {
  for (const d of ['server/dist', 'designer/dist']) fs.rmSync(path.join(root, d), { recursive: true, force: true });
  fs.rmSync(path.join(dataDir, 'postgres'), { recursive: true, force: true });
}

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});

/** Pids of the processes whose parent chain reaches `pid`, and of postgres on the data folder. */
function leftovers(pids) {
  const found = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (pids.has(Number(p)) || cmd.includes(path.join(dataDir, 'postgres'))) found.push(`${p} ${cmd.join(' ').slice(0, 100)}`);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

const t0 = performance.now();
const npm = spawn('npm', ['start'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', NODE_OPTIONS: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
npm.stdout.on('data', (d) => (out += d));
npm.stderr.on('data', (d) => (out += d));
const exited = new Promise((r) => npm.on('exit', (code, signal) => r({ code, signal })));

const seen = new Set([npm.pid]);
let healthy;
while (!healthy) {
  if (npm.exitCode !== null) {
    console.error(out);
    process.exit(1);
  }
  // remember the tree while it lives (npm → node → postgres) to look for leftovers after the stop
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (seen.has(ppid)) seen.add(Number(p));
    } catch {
      // ended
    }
  }
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/health`);
    if (r.ok) healthy = (performance.now() - t0) / 1000;
  } catch {
    // not listening yet
  }
  if (!healthy) await new Promise((r) => setTimeout(r, 100));
}
const s0 = performance.now();
npm.kill('SIGTERM');
const how = await exited;
const stopped = (performance.now() - s0) / 1000;
await new Promise((r) => setTimeout(r, 300));
const left = leftovers(seen);
const lines = out.split('\n').filter((l) => /\[start\]|started in|embedded PostgreSQL in/.test(l)).map((l) => l.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').replace(/^.*?(LOG|\[start\])/, '$1'));
console.log(lines.join('\n'));
console.log(`${restart ? 'restart' : 'fresh start'}: healthy after ${healthy.toFixed(1)} s; SIGTERM to npm: exited (${how.signal ?? `code ${how.code}`}) after ${stopped.toFixed(1)} s; left running: ${left.length ? left.join('; ') : 'nothing'}`);
if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(left.length ? 1 : 0);
