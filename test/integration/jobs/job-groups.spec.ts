import pg from 'pg';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { advanceTo, completedAt, resource } from './timer-helpers.js';

// Timer jobs due together are committed in groups; a job that fails inside a group must not take
// the others down with it: the group rolls back and each job runs alone.
describe('grouped timer commits: one failing timer does not hold back the others', () => {
  let s: TestServer;
  let f: TenantFixture;
  let db: pg.Client;
  beforeAll(async () => {
    s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    f = await createTenantFixture(s, 'groups', 'Asia/Vladivostok');
    await deploy(s, f, [resource('job-groups.same-instant.bpmn')]);
    await advanceTo(s, f, '2027-04-01T09:00:00+10:00');
    db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await s.close();
  });

  test('given five timers due at the same instant and one whose instance is broken, then four fire once and the broken one is retried alone', async () => {
    const fireAt = '2027-04-02T09:00:00+10:00';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await ok(s, 'POST', '/api/process-instances', { processKey: 'same-instant', variables: { fireAt } }, f.tokens.teacher11)).id);
    }
    // break the third instance behind the engine's back: its timer job can no longer fire
    await db.query(`UPDATE process_instance SET engine_state = jsonb_set(engine_state, '{jobs}', '{}'::jsonb) WHERE id = $1`, [ids[2]]);

    const r = await advanceTo(s, f, '2027-04-02T09:00:05+10:00');
    expect(r.jobs.filter((j: any) => j.ok)).toHaveLength(4);
    expect(r.jobs.filter((j: any) => !j.ok)).toEqual([expect.objectContaining({ kind: 'timer', error: expect.stringContaining('does not exist') })]);
    for (const [k, id] of ids.entries()) {
      expect(await completedAt(s, f, id, 'wait')).toEqual(k === 2 ? [] : ['2027-04-01T23:00:00.000Z']);
    }
    const [broken] = (await db.query(`SELECT attempts, state FROM job WHERE instance_id = $1`, [ids[2]])).rows;
    expect(broken).toEqual({ attempts: 1, state: 'ready' });
  });
});
