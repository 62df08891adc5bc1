#!/usr/bin/env node
// Backup and restore of the server's database, with nothing but npm's packages (the embedded
// PostgreSQL package has no pg_dump): a consistent logical copy of every table.
//
//   npm run backup [-- FOLDER]            → FOLDER (default backups/pd-<time>/): manifest.json + one <table>.copy.gz per table
//   npm run restore -- FOLDER [--force]   ← into an empty database (--force: empties the target first)
//
// Which database: the server's settings (DATABASE_URL, else the embedded one in DATA_DIR, started
// here for the time of the copy; refused while a server runs on that folder). The backup is one
// REPEATABLE READ transaction (a snapshot: it may run while servers work); the restore creates the
// schema by the migrations the backup was taken at, loads every table in one transaction and sets
// the sequences; a server started on it applies newer migrations and goes on with every instance,
// task and timer (due timers fire at once).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(root, 'server/dist', p)).href;
const FORMAT = 'pd-backup/1';

// the server's code (configuration, migrations) as built: build it when it is out of date
{
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs'), '--build-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(1);
}
const { default: pg } = await import('pg');
const { default: copyStreams } = await import('pg-copy-streams');
const { loadConfig } = await import(dist('server/src/config/app-config.js'));
const { EmbeddedDatabase } = await import(dist('server/src/database/embedded-database.js'));
const { MIGRATIONS } = await import(dist('migrations/index.js'));
const { DataSource } = await import('typeorm');

const q = (name) => `"${name.replaceAll('"', '""')}"`;

/** Connects to the configured database (starting the embedded one when needed); returns it and a stop. */
async function open() {
  const config = loadConfig();
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const db = new EmbeddedDatabase(config.dataDir);
  const url = await db.start();
  return { url, stop: () => db.stop() };
}

/** Tables of the public schema with their columns (in order), and the sequences. */
async function schemaOf(client) {
  const { rows: cols } = await client.query(
    `SELECT c.relname AS table, a.attname AS column FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map();
  for (const r of cols) (tables.get(r.table) ?? tables.set(r.table, []).get(r.table)).push(r.column);
  const { rows: seqs } = await client.query(`SELECT sequencename AS name, last_value AS value FROM pg_sequences WHERE schemaname = 'public'`);
  return { tables, sequences: seqs };
}

/** Tables ordered so that a referenced table comes before the tables referencing it. */
async function loadOrder(client, names) {
  const { rows } = await client.query(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const strip = (t) => t.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
  const deps = new Map(names.map((n) => [n, new Set()]));
  for (const r of rows) if (strip(r.child) !== strip(r.parent)) deps.get(strip(r.child))?.add(strip(r.parent));
  const out = [];
  const seen = new Set();
  const visit = (n, stack = new Set()) => {
    if (seen.has(n) || stack.has(n)) return;
    stack.add(n);
    for (const p of deps.get(n) ?? []) visit(p, stack);
    seen.add(n);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}

async function backup(folder) {
  const dir = path.resolve(folder ?? path.join(root, 'backups', `pd-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  fs.mkdirSync(dir, { recursive: true });
  const { url, stop } = await open();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { tables, sequences } = await schemaOf(client);
    const migrations = (await client.query('SELECT name FROM schema_migration ORDER BY id')).rows.map((r) => r.name);
    const manifest = { format: FORMAT, createdAt: new Date().toISOString(), migrations, tables: [], sequences };
    for (const [table, columns] of tables) {
      const file = `${table}.copy.gz`;
      const { rows: [{ n }] } = await client.query(`SELECT count(*)::bigint AS n FROM ${q(table)}`);
      await pipeline(client.query(copyStreams.to(`COPY ${q(table)} (${columns.map(q).join(', ')}) TO STDOUT`)), zlib.createGzip(), fs.createWriteStream(path.join(dir, file)));
      manifest.tables.push({ name: table, columns, rows: Number(n), file });
    }
    await client.query('COMMIT');
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
    console.log(`backup of ${manifest.tables.length} tables (${rows} rows, ${migrations.length} migrations) in ${dir}`);
  } finally {
    await client.end();
    await stop();
  }
}

async function restore(folder, force) {
  if (!folder) throw new Error('name the backup folder: npm run restore -- FOLDER');
  const dir = path.resolve(folder);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if (manifest.format !== FORMAT) throw new Error(`${dir} is not a backup of this kind (format ${manifest.format})`);
  const known = new Map(MIGRATIONS.map((m) => [m.name, m]));
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new Error(`the backup was taken by a newer version (migrations ${unknown.join(', ')} are unknown here): restore it with that version`);
  const { url, stop } = await open();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [{ n }] } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (n > 0) {
      if (!force) throw new Error('the target database is not empty: restore into an empty one, or add --force to replace everything in it');
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    }
    // the schema as it was when the backup was taken; a server started later applies newer migrations
    const ds = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS.filter((m) => manifest.migrations.includes(m.name)), migrationsTableName: 'schema_migration', synchronize: false, extra: { max: 2 } });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    await client.query('BEGIN');
    const names = manifest.tables.map((t) => t.name);
    await client.query(`TRUNCATE ${names.map(q).join(', ')} CASCADE`);
    for (const name of await loadOrder(client, names)) {
      const t = manifest.tables.find((x) => x.name === name);
      await pipeline(fs.createReadStream(path.join(dir, t.file)), zlib.createGunzip(), client.query(copyStreams.from(`COPY ${q(name)} (${t.columns.map(q).join(', ')}) FROM STDIN`)));
    }
    for (const s of manifest.sequences) {
      if (s.value !== null) await client.query(`SELECT setval($1, $2)`, [`public.${q(s.name)}`, s.value]);
    }
    await client.query('COMMIT');
    const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
    console.log(`restored ${names.length} tables (${rows} rows) from ${dir} (backup of ${manifest.createdAt})`);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
    await stop();
  }
}

const [mode, ...args] = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
try {
  if (mode === 'backup') await backup(folder);
  else if (mode === 'restore') await restore(folder, args.includes('--force'));
  else throw new Error('usage: node scripts/backup.mjs backup [FOLDER] | restore FOLDER [--force]');
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
