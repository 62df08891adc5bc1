import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { PROCESSES } from './variant-support.js';

/**
 * A region's regulation is configuration, not code: no source file of the server or the designer
 * (spec files aside) may name a variant folder, a region, or a role key a variant declares.
 */
const root = repoRoot();
const SOURCE_DIRS = ['server/src', 'designer/src'];
const REGION_WORDS = ['kamchat', 'kazakh', 'motygin', 'belorech', 'Камчат', 'Казах', 'Мотыгин', 'Белореч'];

function sources(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      out.push(...sources(p));
    } else if (/\.(ts|tsx|js|mjs|vue)$/.test(e.name) && !/\.(spec|test)\.(ts|js)$/.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

/**
 * The code as it behaves: comments, OpenAPI `example:` values and IANA time-zone names
 * (`Asia/Kamchatka` is a standard identifier, not a variant) are documentation and are left out.
 */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/example:\s*(['"`])[^'"`]*\1/g, ' ')
    .replace(/\b(Asia|Europe)\/[A-Za-z_]+/g, ' ');
}

const variants = fs.readdirSync(PROCESSES).filter((f) => fs.existsSync(path.join(PROCESSES, f, 'variant.json')));
const roleKeys = [...new Set(variants.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(PROCESSES, f, 'variant.json'), 'utf8')).roles ?? []).map((r: { key: string }) => r.key)))];
const files = SOURCE_DIRS.flatMap((d) => sources(path.join(root, d)));

describe('configuration, not code: the server and the designer name no variant, region or variant role', () => {
  test('the check sees string literals in code and leaves comments, API examples and time zones out', () => {
    const sample = `// kamchatka in a comment\n/* pedagog */ const zone = 'Asia/Kamchatka'; @ApiProperty({ example: 'kamchatka' })\nconst role = 'pedagog'; const url = "https://x/kamchatka";`;
    const c = code(sample);
    expect(c).toContain("'pedagog'");
    expect(c).toContain('https://x/kamchatka');
    expect(c.match(/kamchatka/gi)).toHaveLength(1);
  });

  test('there is something to check', () => {
    expect(variants.length).toBeGreaterThan(0);
    expect(roleKeys.length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(20);
  });

  test('no source file names a variant folder or a region (Latin or Cyrillic)', () => {
    const words = [...new Set([...variants, ...REGION_WORDS])];
    const offending: string[] = [];
    for (const f of files) {
      const text = code(fs.readFileSync(f, 'utf8')).toLowerCase();
      for (const w of words) if (text.includes(w.toLowerCase())) offending.push(`${path.relative(root, f)}: "${w}"`);
    }
    expect(offending).toEqual([]);
  });

  test('no source file has a variant role key as a quoted string literal', () => {
    const offending: string[] = [];
    for (const f of files) {
      const text = code(fs.readFileSync(f, 'utf8'));
      for (const k of roleKeys) {
        for (const q of ["'", '"', '`']) if (text.includes(`${q}${k}${q}`)) offending.push(`${path.relative(root, f)}: ${q}${k}${q}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
