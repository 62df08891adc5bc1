import fs from 'node:fs';
import path from 'node:path';
import type { DeploymentResource } from '../runtime/definitions/deploy.command.js';

/** One step of a demo route: a task completed, or a message raised on the instance. */
export interface DemoStep {
  /** Element id of a user task: its oldest open task in the instance or the instances it called is completed. */
  complete?: string;
  /** A message declared raisable for the process (`processes.<key>.raisable`), raised on the instance. */
  raise?: string;
  /** Who acts (username); default for `complete`: the task's assignee, else a holder of one of its (role, organisation) pairs. */
  as?: string;
  /** Username of the person the task is about: picks that teacher's task among a campaign's many (default: any). */
  about?: string;
  /** ISO 8601 duration after the previous step (or the start): when it happens. Default PT2H. */
  after?: string;
  variables?: Record<string, unknown>;
}

/** A demo route: an instance played through its steps by the runtime's commands, dated relative to the load. */
export interface DemoInstance {
  process: string;
  /** Organisation ref; default: the subject's (or the starter's) organisation. */
  org?: string;
  /** Username of the starter; omitted with `startEvent`: started as its timer would (nobody, at `org`). */
  startedBy?: string;
  /** Username of the person the route is about (`subjectId`); default: the starter. */
  subject?: string;
  /** A timer (or other) start event to start at, instead of the none start event. */
  startEvent?: string;
  businessKey?: string;
  variables?: Record<string, unknown>;
  steps?: DemoStep[];
  /** Routes of one group play in time order (default: one per process and organisation or subject); groups play side by side. */
  group?: string;
  /** ISO 8601 duration: the route started this long before the load (`advanceAfter`: the same, older name). */
  startedAgo?: string;
  advanceAfter?: string;
  /**
   * One route per subject (usernames), each started `stagger` after the previous one; the i-th plays
   * the first `stages[i % stages.length]` steps (default: all), so the routes stand at different stages.
   */
  forEach?: { subjects: string[]; stagger?: string; stages?: number[] };
}

/** `demo.json` of a variant folder: a tenant with its tree, people and routes in different stages. */
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
  instances?: DemoInstance[];
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
