#!/usr/bin/env node
// Emits the server's JavaScript: every `server/src/**/*.ts` (specs left out) and `migrations/**/*.ts`
// into `server/dist/` (`server/dist/server/src/main.js`, `server/dist/migrations/…`), file by file,
// with Oxc's TypeScript transform (through rolldown, which Vite already brings).
//
// Why not tsc: emitting is what `npm start` waits for on a fresh clone, and tsc takes 10–40 s here
// even without type checking; Oxc strips the types of the same files in about a second. Types are
// checked separately (`npm run typecheck`, and `npm run build` — see scripts/start.mjs). Oxc emits
// the legacy decorators and their `design:*` metadata that NestJS and class-validator read, like tsc
// with `experimentalDecorators` and `emitDecoratorMetadata`; its helpers come from
// `@oxc-project/runtime` (a dependency of the server).
//
//   node scripts/build-server.mjs      (also exported: buildServer(root) → number of files)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/experimental';

/** Source folders of the server's build, relative to the repository root. */
export const SERVER_SOURCES = ['server/src', 'migrations'];

function tsFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Writes server/dist anew from the sources under `root`. Throws on a syntax error, naming the file
 * and the place. Returns the number of files emitted.
 */
export function buildServer(root) {
  const dist = path.join(root, 'server/dist');
  const emitted = [];
  for (const src of SERVER_SOURCES) {
    for (const file of tsFiles(path.join(root, src))) {
      const rel = path.relative(root, file);
      const r = transformSync(file, fs.readFileSync(file, 'utf8'), {
        lang: 'ts',
        sourceType: 'module',
        target: 'es2023',
        sourcemap: true,
        decorator: { legacy: true, emitDecoratorMetadata: true },
      });
      if (r.errors.length) throw new Error(`${rel}: ${r.errors.map((e) => e.message).join('; ')}`);
      const js = rel.replace(/\.ts$/, '.js');
      const map = { ...r.map, file: path.basename(js), sources: [path.relative(path.dirname(path.join(dist, js)), file)] };
      emitted.push([js, `${r.code}\n//# sourceMappingURL=${path.basename(js)}.map\n`, JSON.stringify(map)]);
    }
  }
  // Only once every file transformed: a syntax error leaves the previous build in place.
  for (const src of SERVER_SOURCES) fs.rmSync(path.join(dist, src), { recursive: true, force: true });
  for (const [js, code, map] of emitted) {
    const dest = path.join(dist, js);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, code);
    fs.writeFileSync(`${dest}.map`, map);
  }
  return emitted.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const t0 = performance.now();
  try {
    const n = buildServer(root);
    process.stdout.write(`server: ${n} files in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    process.stderr.write(`building the server failed: ${e.message}\n`);
    process.exit(1);
  }
}
