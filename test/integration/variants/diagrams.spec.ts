import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { compileBpmn } from '../../../server/src/engine/model/compile-bpmn.js';
import { PROCESSES } from './variant-support.js';

const require = createRequire(import.meta.url);
const moddle = new BpmnModdle({ zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') });
const CYRILLIC = /[А-Яа-яЁё]/;

const variants = fs.readdirSync(PROCESSES).filter((f) => fs.existsSync(path.join(PROCESSES, f, 'variant.json'))).sort();
const diagrams = variants.flatMap((v) => fs.readdirSync(path.join(PROCESSES, v)).filter((f) => f.endsWith('.bpmn')).map((f) => [v, f] as const));

/** Static checks of every variant folder: what a deployment and the designer need. */
describe('variant folders: diagrams, forms, variant files', () => {
  test.each(diagrams)('%s/%s compiles, names everything in Russian, has a layout for the designer, and a form for every user task', async (variant, file) => {
    const dir = path.join(PROCESSES, variant);
    const xml = fs.readFileSync(path.join(dir, file), 'utf8');
    const compiled = await compileBpmn(xml, file);
    expect(compiled.problems).toEqual([]);
    const formIds = new Set(fs.readdirSync(path.join(dir, 'forms')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, 'forms', f), 'utf8')).id));
    const roles = new Set(JSON.parse(fs.readFileSync(path.join(dir, 'variant.json'), 'utf8')).roles.map((r: { key: string }) => r.key));
    for (const p of compiled.processes) {
      expect(p.name).toMatch(CYRILLIC);
      for (const el of Object.values(p.elements)) {
        expect(el.id).toMatch(/^[a-z][a-zA-Z0-9-]*$/);
        if (!el.userTask) continue;
        expect(`${el.id}: ${el.name}`).toMatch(CYRILLIC);
        expect(formIds.has(el.userTask.formId ?? '')).toBe(true);
        expect(el.userTask.dueDate).toBeDefined();
        const groups = el.userTask.candidateGroups;
        if (groups && !groups.startsWith('=')) for (const g of groups.split(',')) expect(roles.has(g.trim())).toBe(true);
        expect(groups || el.userTask.assignee).toBeTruthy();
      }
    }
    // the diagram interchange: a shape for every flow node, an edge for every sequence flow
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    expect(warnings).toEqual([]);
    const withDi = new Set<string>();
    for (const d of (rootElement as any).diagrams ?? []) for (const pe of d.plane.planeElement ?? []) withDi.add(pe.bpmnElement.id);
    const walk = (els: any[]): string[] => els.flatMap((e) => [e.id, ...(e.flowElements ? walk(e.flowElements) : [])]);
    const all = (rootElement as any).rootElements.filter((e: any) => e.$type === 'bpmn:Process').flatMap((p: any) => walk(p.flowElements));
    expect(all.filter((id: string) => !withDi.has(id))).toEqual([]);
  });

  test.each(variants)('%s: every form is a form-js schema with Russian labels, every URL field validated, every form used', async (variant) => {
    const dir = path.join(PROCESSES, variant);
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.bpmn'))) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/formId="([^"]+)"/g)) used.add(m[1]);
    }
    for (const f of fs.readdirSync(path.join(dir, 'forms'))) {
      const schema = JSON.parse(fs.readFileSync(path.join(dir, 'forms', f), 'utf8'));
      expect(schema).toMatchObject({ type: 'default', components: expect.any(Array) });
      expect(used.has(schema.id)).toBe(true);
      const fields = (cs: any[]): any[] => cs.flatMap((c) => [c, ...(c.components ? fields(c.components) : [])]);
      for (const c of fields(schema.components).filter((c) => c.key || c.path)) {
        expect(`${c.key ?? c.path}: ${c.label}`).toMatch(CYRILLIC);
        if (/url$/i.test(c.key ?? '')) expect(c.validate?.validationType).toBe('url');
      }
    }
  });

  test.each(variants)('%s: variant.json declares levels, roles, start roles, indicators over declared processes and roles, documents that exist', (variant) => {
    const dir = path.join(PROCESSES, variant);
    const v = JSON.parse(fs.readFileSync(path.join(dir, 'variant.json'), 'utf8'));
    const keys = new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn')).map((f) => /<bpmn:process id="([^"]+)"/.exec(fs.readFileSync(path.join(dir, f), 'utf8'))![1]));
    const roles = new Set(v.roles.map((r: any) => r.key));
    for (const r of v.roles) expect(v.levels).toContain(r.level);
    for (const [k, p] of Object.entries<any>(v.processes ?? {})) {
      expect(keys.has(k)).toBe(true);
      for (const r of p.startRoles) expect(roles.has(r)).toBe(true);
    }
    expect(v.indicators.length).toBeGreaterThan(0);
    for (const i of v.indicators) {
      expect(i.name).toMatch(CYRILLIC);
      for (const q of [i.numerator, i.denominator, i.of].filter(Boolean)) {
        if (q.count === 'instances' || q.count === 'subjects' || q.process) expect(keys.has(q.process)).toBe(true);
        else if (q.count === 'users') for (const role of [q.role].flat()) expect(roles.has(role)).toBe(true);
        else expect(v.levels).toContain(q.level);
      }
    }
    for (const d of v.documents ?? []) expect(fs.existsSync(path.join(dir, d.template))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'README.md'))).toBe(true);
  });
});
