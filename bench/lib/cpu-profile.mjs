// BENCH_CPU_PROFILE=1: a CPU profile of this process (node:inspector) around one measured phase,
// summarised as the functions and packages that took the most CPU time (idle left out), and the
// raw profile saved beside the results (open it in Chrome DevTools → Performance).
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';

const on = process.env.BENCH_CPU_PROFILE === '1';
let session;

/** Starts profiling when BENCH_CPU_PROFILE=1. */
export async function startCpuProfile() {
  if (!on) return;
  session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}

/** Stops profiling; the summary `{ busyMs, functions: [[name, share]], packages: [[name, share]] }`, or undefined when off. */
export async function stopCpuProfile(file) {
  if (!session) return undefined;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const idle = new Set(['(idle)', '(program)']);
  let busy = 0;
  const fns = new Map();
  const pkgs = new Map();
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    if (idle.has(f.functionName)) continue;
    busy += us;
    const url = f.url.replace(/^file:\/\//, '');
    const nm = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
    const where = nm ? nm[1] : url.includes('/dist/') ? `server:${url.replace(/^.*\/dist\/(server\/src\/)?/, '')}` : url.startsWith('node:') ? 'node' : url || f.functionName;
    const fn = `${f.functionName || '(anonymous)'} (${nm ? nm[1] : where}${f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ''})`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    const pkg = nm ? nm[1] : where.startsWith('server:') ? `server:${where.slice(7).split('/').slice(0, -1).join('/') || '.'}` : where;
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => [k, +(us / busy).toFixed(3)]);
  return { busyMs: Math.round(busy / 1000), functions: top(fns, 25), packages: top(pkgs, 15), file };
}
