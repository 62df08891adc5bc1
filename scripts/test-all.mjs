#!/usr/bin/env node
// Runs every check and suite of the project and ends with one line "N passed, N failed" (totals
// over everything: lint and type checks count one each, then every jest and vitest test).
// Exit code 0 only when nothing failed and at least one test ran.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = [];
let passed = 0;
let failed = 0;
const only = process.argv.slice(2); // optional step names: lint typecheck build jest vitest

function step(name, fn) {
  if (only.length && !only.includes(name)) return;
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = fn();
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${name}: ${r.passed} passed, ${r.failed} failed (${secs} s)`);
  passed += r.passed;
  failed += r.failed;
}

function sh(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const check = (cmd, args, env) => () => (sh(cmd, args, env) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

// Browser suites need Debian's chromium; install it where it is missing and we may.
step('chromium', () => {
  if (fs.existsSync('/usr/bin/chromium')) return { passed: 1, failed: 0 };
  return check('bash', [path.join(root, 'scripts/ensure-chromium.sh')])();
});
step('lint', check('npx', ['eslint', '.']));
step('typecheck', check('npm', ['run', 'typecheck']));
step('build', check('npm', ['run', 'build']));

step('jest', () => {
  const out = path.join(os.tmpdir(), `pd-jest-${process.pid}.json`);
  sh('npx', ['jest', '--ci', '--json', `--outputFile=${out}`], {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
  });
  if (!fs.existsSync(out)) return { passed: 0, failed: 1 };
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out);
  // A suite that failed to run (syntax error, setup failure) has no test results: count it failed.
  const broken = j.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  return { passed: j.numPassedTests, failed: j.numFailedTests + broken + (j.numRuntimeErrorTestSuites && !broken ? j.numRuntimeErrorTestSuites : 0) };
});

step('vitest', () => {
  const out = path.join(os.tmpdir(), `pd-vitest-${process.pid}.json`);
  sh('npx', ['vitest', 'run', '--root', 'designer', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!fs.existsSync(out)) return { passed: 0, failed: 1 };
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out);
  return { passed: j.numPassedTests, failed: j.numFailedTests + (j.numFailedTestSuites && !j.numFailedTests ? j.numFailedTestSuites : 0) };
});

console.log('\n=== summary ===');
for (const r of results) console.log(r);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
