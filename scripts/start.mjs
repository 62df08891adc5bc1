#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs the server in this very process.
//
// Why a launcher rather than `npm run build && node …`: a service manager, a container runtime or
// a CI script stops `npm start` by signalling npm; npm forwards SIGTERM/SIGINT to its one child,
// the shell, and a shell running `a && b` does not pass the signal on — the server and its
// embedded PostgreSQL were left running, orphaned. The npm script is `exec node scripts/start.mjs`,
// so npm's child is this process, which becomes the server: the signal reaches it directly and
// the server stops in order (HTTP, job executor, pool, PostgreSQL).
//
// Faster start: the web app (Vite) and the server build in parallel, and only when their inputs
// changed since the last build (a hash of the inputs is kept beside each output). The server's
// JavaScript is emitted in this process by Oxc (scripts/build-server.mjs: about a second, where tsc
// took 10–40 s); types are checked by `npm run typecheck`, `npm run build` and CI.
//
// `node scripts/start.mjs --build-only` builds what is out of date and exits (`npm run build` adds
// `--typecheck`: tsc then checks the server's types as well; the JavaScript is the same).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildServer, SERVER_SOURCES } from './build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The executable an installed package puts in node_modules/.bin (the workspace's own, else the root's). */
function bin(name, workspace) {
  for (const dir of [path.join(root, workspace), root]) {
    const p = path.join(dir, 'node_modules/.bin', name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${name} is not installed: run npm ci first`);
}
const t0 = performance.now();
const say = (m) => process.stdout.write(`[start] ${m}\n`);

/** Every file under the given paths (files or folders), sorted, skipping node_modules and dist. */
function files(paths) {
  const out = [];
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return; // an optional input that does not exist
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') walk(path.join(p, e));
    } else out.push(p);
  };
  for (const p of paths) walk(path.join(root, p));
  return out.sort();
}

/** A hash of the inputs' names and contents. */
function inputsHash(paths) {
  const h = createHash('sha256');
  for (const f of files(paths)) h.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

const targets = [
  {
    name: 'web app',
    inputs: ['designer/src', 'designer/public', 'designer/index.html', 'designer/vite.config.ts', 'designer/tsconfig.json', 'designer/package.json', 'package-lock.json', 'patches'],
    output: 'designer/dist/index.html',
    stamp: 'designer/dist/.inputs-hash',
    command: [bin('vite', 'designer'), ['build'], path.join(root, 'designer')],
  },
  {
    name: 'server',
    inputs: [...SERVER_SOURCES, 'scripts/build-server.mjs', 'server/tsconfig.build.json', 'tsconfig.json', 'server/package.json', 'package-lock.json', 'patches'],
    output: 'server/dist/server/src/main.js',
    stamp: 'server/dist/.inputs-hash',
    build: () => buildServer(root),
    // `--typecheck`: tsc checks the same sources (no output) while the JavaScript is emitted.
    command: process.argv.includes('--typecheck') ? [bin('tsc', 'server'), ['-p', 'tsconfig.build.json', '--noEmit'], path.join(root, 'server')] : undefined,
  },
];

const children = new Set();
let stopping = false;
function onSignal(signal) {
  // Ctrl-C reaches the builders too (one process group); SIGTERM to this process alone does not.
  stopping = true;
  for (const c of children) c.kill(signal);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const s of signals) process.on(s, onSignal);

/** Builds a target: its command in a child process and/or its in-process `build` step. */
async function run(target) {
  const checked = target.command ? spawnBuild(target) : undefined;
  checked?.catch(() => undefined); // awaited below
  try {
    target.build?.();
  } catch (e) {
    throw new Error(`building the ${target.name} failed: ${e.message}`, { cause: e });
  }
  await checked;
}

function spawnBuild(target) {
  const [cmd, args, cwd] = target.command;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code === 0) return resolve();
      if (!stopping) process.stderr.write(out);
      reject(new Error(`building the ${target.name} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function buildIfStale(target) {
  const hash = inputsHash(target.inputs);
  const stamp = path.join(root, target.stamp);
  const fresh = fs.existsSync(path.join(root, target.output)) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash;
  if (fresh) return false;
  const b0 = performance.now();
  say(`building the ${target.name}…`);
  await run(target);
  fs.writeFileSync(stamp, hash);
  say(`built the ${target.name} in ${((performance.now() - b0) / 1000).toFixed(1)} s`);
  return true;
}

// The server is built first; the web app may go on building while the server starts its database
// and loads the demo (the server listens only once both are done).
const web = buildIfStale(targets[0]);
web.catch(() => undefined); // reported where awaited
let serverBuilt;
try {
  serverBuilt = await buildIfStale(targets[1]);
  if (process.argv.includes('--build-only')) {
    const webBuilt = await web;
    if (!serverBuilt && !webBuilt) say('web app and server are up to date');
    process.exit(0);
  }
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  for (const c of children) c.kill('SIGTERM');
  process.exit(1);
}

for (const s of signals) process.removeListener(s, onSignal);
say(`starting the server (${((performance.now() - t0) / 1000).toFixed(1)} s after npm start)`);
const { runServer, failed } = await import(pathToFileURL(path.join(root, targets[1].output)).href);
// A stop signal now reaches the server, which stops the start; a web-app build still running ends with it.
for (const s of signals) process.on(s, () => { stopping = true; for (const c of children) c.kill('SIGTERM'); });
runServer({ webAppReady: web }).catch(failed);
