import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../server/src/database/migrate.js';

const TEMPLATE = 'pd_template';
const TEMPLATE_LOCK = 7_412_002;

/** The connection string of the run's PostgreSQL (database `postgres`), set by global setup. */
export function adminUrl(): string {
  const url = process.env.PD_TEST_ADMIN_URL;
  if (!url) throw new Error('PD_TEST_ADMIN_URL is not set: run database tests through jest (global setup)');
  return url;
}

/** The same server, another database. */
export function databaseUrl(db: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates and migrates the template once per run (the first caller does it under a lock). */
async function ensureTemplate(admin: pg.Client): Promise<void> {
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (rowCount) return;
    await admin.query(`CREATE DATABASE ${TEMPLATE}_build`);
    await runMigrations(databaseUrl(`${TEMPLATE}_build`));
    await admin.query(`ALTER DATABASE ${TEMPLATE}_build RENAME TO ${TEMPLATE}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

/**
 * A fresh database for one test file, cloned from the migrated template (a file copy, fast).
 * `migrated: false` gives an empty database instead.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    if (opts.migrated === false) {
      await admin.query(`CREATE DATABASE ${name}`);
    } else {
      await ensureTemplate(admin);
      // CREATE DATABASE … TEMPLATE needs the template free of other sessions: retry briefly.
      for (let i = 0; ; i++) {
        try {
          await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
          break;
        } catch (e) {
          if (i >= 100 || !/being accessed by other users/.test((e as Error).message)) throw e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}
