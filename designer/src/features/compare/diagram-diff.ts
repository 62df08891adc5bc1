/**
 * Semantic diff of two BPMN diagrams (bpmn-moddle definitions): elements are matched by id,
 * the rest by type and name (so two different processes or variants compare too), and matched
 * elements are compared by name, type and the attributes that matter for execution (roles,
 * forms, due dates, timers, conditions, FEEL mappings, connections).
 */

interface Node {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export interface ElementSummary {
  id: string;
  type: string;
  name: string;
  /** attribute → value, for comparison */
  attrs: Record<string, string>;
}

export interface AttributeChange {
  attr: string;
  oldValue: string;
  newValue: string;
}

export interface ChangedElement {
  leftId: string;
  rightId: string;
  name: string;
  changes: AttributeChange[];
}

export interface DiagramDiff {
  added: ElementSummary[];
  removed: ElementSummary[];
  changed: ChangedElement[];
  /** pairs matched by name and type because their ids differ */
  renamedIds: { leftId: string; rightId: string }[];
}

const short = (type: string) => type.replace(/^bpmn:/, '');

function attrsOf(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // an empty list is the same as none (bpmn-js creates empty lists on the diagram it edits)
  for (const [k, v] of Object.entries(node)) if (!k.startsWith('$') && v !== undefined && !(Array.isArray(v) && !v.length)) out[k] = v;
  const extra = (node as { $attrs?: Record<string, unknown> }).$attrs;
  if (extra) for (const [k, v] of Object.entries(extra)) out[k] = v;
  return out;
}

/** A stable text of a moddle value (references by id, nested elements by their attributes). */
function text(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  if (depth > 6) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => text(v, depth + 1)).join(', ')}]`;
  const node = value as Node;
  const fields = Object.entries(attrsOf(node))
    .filter(([k]) => k !== 'id' && k !== 'incoming' && k !== 'outgoing' && k !== 'di')
    .map(([k, v]) => `${k}=${text(v, depth + 1)}`)
    .sort();
  return `${node.$type ? short(node.$type) : ''}{${fields.join('; ')}}`;
}

function summarise(node: Node): ElementSummary {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsOf(node))) {
    if (['id', 'name', 'flowElements', 'laneSets', 'artifacts', 'incoming', 'outgoing', 'di', 'lanes', 'documentation'].includes(k)) continue;
    if (k === 'sourceRef' || k === 'targetRef' || k === 'default' || k === 'attachedToRef') {
      attrs[k] = (v as Node)?.id ?? '';
      continue;
    }
    if (k === 'extensionElements') {
      for (const e of ((v as { values?: Node[] }).values ?? [])) {
        for (const [ek, ev] of Object.entries(attrsOf(e))) attrs[`${short(e.$type)}.${ek}`] = text(ev);
      }
      continue;
    }
    attrs[k] = text(v);
  }
  const docs = (node.documentation as { text?: string }[] | undefined)?.map((d) => d.text ?? '').join('\n');
  if (docs) attrs.documentation = docs;
  return { id: node.id ?? '', type: node.$type, name: (node.name ?? '').trim(), attrs };
}

/** Every flow element, lane and participant of the definitions, by id. */
export function collectElements(definitions: Node): Map<string, ElementSummary> {
  const out = new Map<string, ElementSummary>();
  const visit = (node: Node) => {
    for (const el of (node.flowElements as Node[] | undefined) ?? []) {
      if (el.id) out.set(el.id, summarise(el));
      visit(el);
    }
    for (const ls of (node.laneSets as Node[] | undefined) ?? []) {
      for (const lane of (ls.lanes as Node[] | undefined) ?? []) if (lane.id) out.set(lane.id, summarise(lane));
    }
  };
  for (const root of (definitions.rootElements as Node[] | undefined) ?? []) {
    if (root.$type === 'bpmn:Process') visit(root);
    if (root.$type === 'bpmn:Collaboration') {
      for (const p of (root.participants as Node[] | undefined) ?? []) if (p.id) out.set(p.id, summarise(p));
    }
  }
  return out;
}

/** Compares two diagrams. */
export function diffDiagrams(left: Node, right: Node): DiagramDiff {
  const a = collectElements(left);
  const b = collectElements(right);
  const pairs: [ElementSummary, ElementSummary][] = [];
  const leftOnly = new Map(a);
  const rightOnly = new Map(b);
  for (const [id, el] of a) {
    const other = b.get(id);
    if (other) {
      pairs.push([el, other]);
      leftOnly.delete(id);
      rightOnly.delete(id);
    }
  }
  // ids differ (another process, a redrawn element): match by type and a unique name
  const renamedIds: DiagramDiff['renamedIds'] = [];
  const key = (e: ElementSummary) => `${e.type}|${e.name.toLowerCase()}`;
  const byKey = (m: Map<string, ElementSummary>) => {
    const groups = new Map<string, ElementSummary[]>();
    for (const e of m.values()) if (e.name) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
    return groups;
  };
  const lk = byKey(leftOnly);
  const rk = byKey(rightOnly);
  for (const [k, ls] of lk) {
    const rs = rk.get(k);
    if (ls.length === 1 && rs?.length === 1) {
      pairs.push([ls[0], rs[0]]);
      renamedIds.push({ leftId: ls[0].id, rightId: rs[0].id });
      leftOnly.delete(ls[0].id);
      rightOnly.delete(rs[0].id);
    }
  }
  const idMap = new Map(renamedIds.map((r) => [r.leftId, r.rightId]));
  const changed: ChangedElement[] = [];
  for (const [l, r] of pairs) {
    const changes: AttributeChange[] = [];
    if (l.type !== r.type) changes.push({ attr: 'type', oldValue: short(l.type), newValue: short(r.type) });
    if (l.name !== r.name) changes.push({ attr: 'name', oldValue: l.name, newValue: r.name });
    for (const attr of new Set([...Object.keys(l.attrs), ...Object.keys(r.attrs)])) {
      let oldValue = l.attrs[attr] ?? '';
      const newValue = r.attrs[attr] ?? '';
      if (['sourceRef', 'targetRef', 'default', 'attachedToRef'].includes(attr)) oldValue = idMap.get(oldValue) ?? oldValue;
      if (oldValue !== newValue) changes.push({ attr, oldValue: l.attrs[attr] ?? '', newValue });
    }
    if (changes.length) changed.push({ leftId: l.id, rightId: r.id, name: r.name || l.name, changes });
  }
  return { added: [...rightOnly.values()], removed: [...leftOnly.values()], changed, renamedIds };
}
