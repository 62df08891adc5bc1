import { assertServerBuilt } from '../../support/server-process.js';
import { runFaultSuite } from './fault-harness.js';

// The fault suite: three server processes on one PostgreSQL under 8 clients; server processes are
// SIGKILLed and PostgreSQL is restarted under the load; then an invariant checker reads the whole
// database (fault-harness.ts). The short run is part of the test command; the long run is
// `npm run test:faults:long` (FAULTS_SECONDS, FAULTS_KILL_EVERY_S, FAULTS_DB_RESTARTS) and its
// figures are in RELIABILITY.md.
const seconds = Number(process.env.FAULTS_SECONDS ?? 30);
const killEvery = Number(process.env.FAULTS_KILL_EVERY_S ?? 10);
const dbRestarts = Number(process.env.FAULTS_DB_RESTARTS ?? 1);

describe('faults: SIGKILL under load, a database restart, three processes — no lost or duplicated work', () => {
  test(`given 8 clients for ${seconds} s on three processes, one SIGKILLed every ${killEvery} s and PostgreSQL restarted ${dbRestarts} time(s), then the database holds every invariant`, async () => {
    assertServerBuilt();
    const report = await runFaultSuite({
      durationMs: seconds * 1000,
      clients: 8,
      processes: 3,
      killEveryMs: killEvery * 1000,
      dbRestarts,
      log: process.env.FAULTS_VERBOSE ? (line) => console.log(line) : undefined,
    });
    console.log(`fault run: ${JSON.stringify({ ...report, violations: report.violations.length })}`);
    expect(report.violations).toEqual([]);
    // the run did what it says: work went on through the faults
    // (a kill waits until every process is up again: how many fit depends on the machine)
    expect(report.kills).toBeGreaterThan(0);
    expect(report.dbRestarts).toBe(dbRestarts);
    expect(report.starts.ok).toBeGreaterThan(0);
    expect(report.completions.ok).toBeGreaterThan(0);
    expect(report.timersFired).toBeGreaterThan(0);
  }, (seconds + 150) * 1000);
});
