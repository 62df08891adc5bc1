import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../server/src/config/app-config.js';

// A smoke run of `npm run bench` (bench/run.mjs) at tiny sizes on its own embedded PostgreSQL: the bare
// SQL, the engine (in-process, over HTTP, deploy, RSS) and the peer run end to end and write their
// figures (pgbench is an OS package; the timers and the inbox each start servers of their own and
// generate data, too slow for the test command: `BENCH_QUICK=1 npm run bench` runs them). It
// asserts that the suite works, not how fast the engine is (BENCHMARKS.md has that).
const run = promisify(execFile);

/** The peer is a devDependency: a checkout installed before it was added lacks it until `npm install`. */
function peerInstalled(): boolean {
  try {
    createRequire(path.join(repoRoot(), 'package.json')).resolve('bpmn-engine');
    return true;
  } catch {
    return false;
  }
}

describe('npm run bench (smoke, tiny sizes)', () => {
  it('runs the bare SQL, the engine in-process and over HTTP, the deploy and the peer, and writes JSON', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-smoke-')), 'bench.json');
    const sections = ['sql', 'engine', ...(peerInstalled() ? ['peer'] : [])];
    if (!sections.includes('peer')) console.warn('bpmn-engine is not installed (run `npm install`): the smoke run leaves the peer out');
    await run(process.execPath, [path.join(repoRoot(), 'bench/run.mjs')], {
      env: {
        ...process.env, NODE_OPTIONS: '', DATABASE_URL: '', BENCH_OUT: out, BENCH_SECTIONS: sections.join(','),
        BENCH_INSTANCES: '3', BENCH_DEPLOYS: '1', BENCH_CLIENTS: '2',
      },
      maxBuffer: 10 * 1024 * 1024,
    });
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(r.bareSql.completions).toBe(15);
    expect(r.engine.inProcess.completions).toBe(15);
    expect(r.engine.http.completions).toBe(15);
    expect(r.engine.deploy.medianMs).toBeGreaterThan(0);
    expect(r.engine.rss.underLoadMb).toBeGreaterThan(0);
    if (sections.includes('peer')) expect(r.peer.completions).toBe(15);
    expect(r.table).toContain('| figure |');
  });
});
