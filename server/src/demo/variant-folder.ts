import fs from 'node:fs';
import path from 'node:path';
import type { DeploymentResource } from '../runtime/definitions/deploy.command.js';

/** `demo.json` of a variant folder: a tenant with its tree, people and instances in different stages. */
export interface DemoFile {
  tenant: { key: string; name: string; timeZone: string };
  organizations: { ref: string; name: string; level: string; parent?: string }[];
  users: {
    username: string;
    password: string;
    fullName: string;
    email?: string;
    memberships: { org: string; role: string }[];
    profile?: Record<string, unknown>;
  }[];
  instances?: {
    process: string;
    org: string;
    startedBy: string;
    businessKey?: string;
    variables?: Record<string, unknown>;
    /** Tasks to complete in order: the first open task of the element in the instance or its called instances. */
    steps?: { complete: string; as: string; variables?: Record<string, unknown> }[];
    /** ISO 8601 duration: the instance and its steps happened this long before the load, so its deadlines have run. */
    advanceAfter?: string;
  }[];
}

/** A folder of `PROCESSES_DIR` holding a `variant.json`. */
export interface VariantFolder {
  dir: string;
  name: string;
  variant: { key: string; name: string; timeZone?: string };
  demo: DemoFile | null;
  resources: DeploymentResource[];
}

/** Every variant folder of `root` (sorted by name): its deployable files and its demo data, if any. */
export function readVariantFolders(root: string): VariantFolder[] {
  if (!fs.existsSync(root)) return [];
  const out: VariantFolder[] = [];
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    const variantPath = path.join(dir, 'variant.json');
    if (!fs.statSync(dir).isDirectory() || !fs.existsSync(variantPath)) continue;
    const resources: DeploymentResource[] = [];
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.bpmn')) resources.push({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') });
    }
    const forms = path.join(dir, 'forms');
    if (fs.existsSync(forms)) {
      for (const f of fs.readdirSync(forms).sort()) {
        if (f.endsWith('.form')) resources.push({ name: `forms/${f}`, content: fs.readFileSync(path.join(forms, f), 'utf8') });
      }
    }
    const documents = path.join(dir, 'documents');
    if (fs.existsSync(documents)) {
      for (const f of fs.readdirSync(documents).sort()) {
        if (f.endsWith('.json')) resources.push({ name: `documents/${f}`, content: fs.readFileSync(path.join(documents, f), 'utf8') });
      }
    }
    const variantContent = fs.readFileSync(variantPath, 'utf8');
    resources.push({ name: 'variant.json', content: variantContent });
    const demoPath = path.join(dir, 'demo.json');
    out.push({
      dir,
      name,
      variant: JSON.parse(variantContent),
      demo: fs.existsSync(demoPath) ? (JSON.parse(fs.readFileSync(demoPath, 'utf8')) as DemoFile) : null,
      resources,
    });
  }
  return out;
}
