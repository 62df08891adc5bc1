import pg from 'pg';
import { MIGRATIONS } from '../../../migrations/index.js';
import { revertAllMigrations, runMigrations } from '../../../server/src/database/migrate.js';
import { createTestDatabase } from '../../support/test-db.js';

async function tables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    return r.rows.map((x) => x.tablename as string);
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  test('given an empty database, when migrated, reverted and migrated again, then each step leaves the expected schema', async () => {
    const url = await createTestDatabase({ migrated: false });
    const first = await runMigrations(url);
    expect(first).toEqual(MIGRATIONS.map((m) => new m().name));
    const full = await tables(url);
    expect(full).toEqual(expect.arrayContaining(['tenant', 'organization', 'app_user', 'process_instance', 'user_task', 'job', 'history_event']));

    expect(await runMigrations(url)).toEqual([]); // nothing pending: a second start applies nothing

    expect(await revertAllMigrations(url)).toBe(MIGRATIONS.length);
    expect(await tables(url)).toEqual(['schema_migration']);

    await runMigrations(url);
    expect(await tables(url)).toEqual(full);
  });

  test('given several servers starting at once, migrations run exactly once', async () => {
    const url = await createTestDatabase({ migrated: false });
    const results = await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
  });
});
