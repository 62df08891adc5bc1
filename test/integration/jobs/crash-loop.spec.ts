import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import { assertServerBuilt, clientOf, killServerProcess, startServerProcess } from '../../support/server-process.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestDatabase } from '../../support/test-db.js';
import { deployVariant, resource } from './timer-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Issue #17: a job whose run takes its process down (the FEEL bomb behind a timer did, by heap
// exhaustion) was due again after every restart, and the server died again and again. Here the
// run is an `http` action against an endpoint that never answers; the process holding it is
// SIGKILLed while the request is open — its try is spent all the same. After its tries (2) the
// next process does not run it again: the job fails into an incident.
describe('no crash loops: a job whose runs never finish fails into an incident after its tries', () => {
  let databaseUrl: string;
  let db: pg.Client;
  let endpoint: http.Server;
  const requests: string[] = [];
  let arrived: () => void = () => undefined;
  const procs: ServerProcess[] = [];

  beforeAll(async () => {
    assertServerBuilt();
    endpoint = http.createServer((req) => {
      // never answers: the run hangs until its process dies
      requests.push(req.url ?? '');
      req.resume();
      arrived();
    });
    await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
    databaseUrl = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    for (const p of procs) await killServerProcess(p);
    endpoint.closeAllConnections();
    await new Promise((r) => endpoint.close(r));
    await db?.end();
  });

  /** Resolves when the endpoint has received `n` requests in all. */
  const requestNumber = (n: number) =>
    new Promise<void>((resolve) => {
      if (requests.length >= n) return resolve();
      arrived = () => requests.length >= n && resolve();
    });

  const start = async () => {
    const p = await startServerProcess(databaseUrl, { JOB_LOCK_MS: '1000', JOB_POLL_INTERVAL_MS: '200' });
    procs.push(p);
    return p;
  };

  test('given a run that hangs, when the process holding it is SIGKILLed twice, then the third process raises an incident instead of running it', async () => {
    const first = await start();
    const api = clientOf(first);
    const f = await createTenantFixture(api, 'crash-loop');
    const { port } = endpoint.address() as AddressInfo;
    await deployVariant(api, f, { httpEndpoints: { hang: { url: `http://127.0.0.1:${port}`, timeoutMs: 600_000 } } });
    await deploy(api, f, [resource('crash-loop.http-hangs.bpmn')]);
    const inst = await ok(api, 'POST', '/api/process-instances', { processKey: 'hangs' }, f.tokens.methodist11);

    // try 1: the first process runs the action; it dies while the request is open
    await requestNumber(1);
    const job = (await db.query(`SELECT id, attempts, lock_owner FROM job WHERE instance_id = $1`, [inst.id])).rows[0];
    expect(job).toMatchObject({ attempts: 1, lock_owner: expect.stringContaining(`:${first.child.pid}:`) });
    await killServerProcess(first);

    // try 2: a second process takes the job over once the lock expired; it dies the same way
    const second = await start();
    await requestNumber(2);
    expect((await db.query(`SELECT attempts, lock_owner FROM job WHERE id = $1`, [job.id])).rows[0]).toMatchObject({
      attempts: 2, lock_owner: expect.stringContaining(`:${second.child.pid}:`),
    });
    await killServerProcess(second);

    // a third process claims it, sees both tries spent without an outcome, and fails it
    const third = await start();
    for (let i = 0; ; i++) {
      const [row] = (await db.query(`SELECT state FROM job WHERE id = $1`, [job.id])).rows;
      if (row.state === 'failed') break;
      if (i > 600) throw new Error(`the job was not failed: ${third.output()}`);
      await sleep(100);
    }
    expect(requests).toEqual(['/reports', '/reports']); // never run a third time
    const incidents = await ok(clientOf(third), 'GET', `/api/incidents?processInstanceId=${inst.id}`, undefined, f.tokens['t-admin']);
    expect(incidents.items).toEqual([
      expect.objectContaining({ elementId: 'send', kind: 'job-failed', message: expect.stringMatching(/запускалось 2 раз\(а\) и ни разу не завершилось/) }),
    ]);
    expect((await db.query(`SELECT state, attempts, lock_owner FROM job WHERE id = $1`, [job.id])).rows[0]).toEqual({ state: 'failed', attempts: 2, lock_owner: null });
    // the third process is alive and serving
    expect((await fetch(`${third.url}/api/health`)).status).toBe(200);
    expect(third.child.exitCode).toBeNull();
  });
});
