// Where the benchmark finds the built server (`npm run build` writes server/dist).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A module of the built server, by its path under server/src (with .js). */
export function dist(p) {
  const file = path.join(root, 'server/dist/server/src', p);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}
