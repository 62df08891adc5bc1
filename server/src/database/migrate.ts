import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { SafeQueryLogger } from './safe-query-logger.js';

// Any constant works: it only has to be the same for every server process.
const MIGRATION_LOCK = 7_412_001;

/** TypeORM options shared by the migration runner and the application. */
export function dataSourceOptions(url: string) {
  return {
    type: 'postgres' as const,
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logger: new SafeQueryLogger(['error']),
  };
}

/**
 * Applies pending migrations under an advisory lock, so that several servers starting at once on
 * one database run each migration exactly once. Returns the names applied now.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url), extra: { max: 2 } });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}

/** Reverts every applied migration (used by the migration test). */
export async function revertAllMigrations(url: string): Promise<number> {
  const ds = new DataSource({ ...dataSourceOptions(url), extra: { max: 2 } });
  await ds.initialize();
  let n = 0;
  try {
    while ((await ds.query(`SELECT count(*)::int AS c FROM schema_migration`))[0].c > 0) {
      await ds.undoLastMigration({ transaction: 'each' });
      n++;
    }
  } finally {
    await ds.destroy();
  }
  return n;
}
