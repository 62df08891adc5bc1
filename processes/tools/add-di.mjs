#!/usr/bin/env node
// Adds (or replaces) the diagram interchange (BPMNDI) of hand-written BPMN files, so that the
// designer (bpmn-js) and Camunda Modeler can open them. The process semantics are untouched.
//
//   node processes/tools/add-di.mjs processes/<variant>/*.bpmn
//
// Layout: left to right by the longest path from the start events, nodes of one column stacked
// top to bottom; expanded sub-processes are laid out recursively inside their box; boundary
// events sit on the lower edge of their host; flows are orthogonal (back edges run underneath).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');
const moddle = new BpmnModdle({ zeebe });

const SIZE = {
  'bpmn:StartEvent': [36, 36], 'bpmn:EndEvent': [36, 36], 'bpmn:IntermediateCatchEvent': [36, 36],
  'bpmn:IntermediateThrowEvent': [36, 36], 'bpmn:BoundaryEvent': [36, 36],
  'bpmn:ExclusiveGateway': [50, 50], 'bpmn:ParallelGateway': [50, 50], 'bpmn:InclusiveGateway': [50, 50], 'bpmn:EventBasedGateway': [50, 50],
};
const GAP_X = 60;
const GAP_Y = 50;
const PAD = 40;

/** Lays out the flow elements of a container; returns { shapes, edges, width, height } relative to (0,0). */
function layoutContainer(container) {
  const elements = container.flowElements ?? [];
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const boundaries = elements.filter((e) => e.$type === 'bpmn:BoundaryEvent');
  const nodes = elements.filter((e) => e.$type !== 'bpmn:SequenceFlow' && e.$type !== 'bpmn:BoundaryEvent' && e.$type !== 'bpmn:DataObject' && e.$type !== 'bpmn:DataObjectReference');
  const hostOf = new Map(boundaries.map((b) => [b.id, b.attachedToRef?.id]));
  const anchor = (id) => hostOf.get(id) ?? id;
  const out = new Map(nodes.map((n) => [n.id, []]));
  for (const f of flows) {
    const s = anchor(f.sourceRef.id);
    if (out.has(s)) out.get(s).push(f.targetRef.id);
  }
  // inner layouts first (expanded sub-processes)
  const inner = new Map();
  const size = new Map();
  for (const n of nodes) {
    if ((n.$type === 'bpmn:SubProcess') && n.flowElements?.length) {
      const l = layoutContainer(n);
      inner.set(n.id, l);
      size.set(n.id, [Math.max(l.width + 2 * PAD, 200), Math.max(l.height + 2 * PAD, 120)]);
    } else size.set(n.id, SIZE[n.$type] ?? [110, 80]);
  }
  // layers: longest path over the DFS tree without back edges
  const incoming = new Map(nodes.map((n) => [n.id, 0]));
  const back = new Set();
  const state = new Map();
  const dfs = (id) => {
    state.set(id, 1);
    for (const t of out.get(id) ?? []) {
      if (!out.has(t)) continue;
      if (state.get(t) === 1) back.add(`${id}>${t}`);
      else if (!state.get(t)) dfs(t);
    }
    state.set(id, 2);
  };
  const starts = nodes.filter((n) => n.$type === 'bpmn:StartEvent' || !flows.some((f) => f.targetRef.id === n.id));
  for (const s of starts) if (!state.get(s.id)) dfs(s.id);
  for (const n of nodes) if (!state.get(n.id)) dfs(n.id);
  for (const [s, ts] of out) for (const t of ts) if (out.has(t) && !back.has(`${s}>${t}`)) incoming.set(t, incoming.get(t) + 1);
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  const order = [];
  while (queue.length) {
    const id = queue.shift();
    order.push(id);
    for (const t of out.get(id) ?? []) {
      if (!out.has(t) || back.has(`${id}>${t}`)) continue;
      layer.set(t, Math.max(layer.get(t), layer.get(id) + 1));
      incoming.set(t, incoming.get(t) - 1);
      if (incoming.get(t) === 0) queue.push(t);
    }
  }
  const columns = [];
  for (const id of order) (columns[layer.get(id)] ??= []).push(id);
  const pos = new Map();
  let x = 0;
  let height = 0;
  for (const col of columns) {
    if (!col) continue;
    const w = Math.max(...col.map((id) => size.get(id)[0]));
    let y = 0;
    for (const id of col) {
      const [sw, sh] = size.get(id);
      pos.set(id, [x + (w - sw) / 2, y]);
      y += sh + GAP_Y + (boundaries.some((b) => hostOf.get(b.id) === id) ? 30 : 0);
    }
    height = Math.max(height, y - GAP_Y);
    x += w + GAP_X;
  }
  // centre the first row on a common axis: align single-node columns to y of the tallest first node
  const axis = Math.max(...columns.filter(Boolean).map((c) => size.get(c[0])[1])) / 2;
  for (const col of columns) {
    if (!col) continue;
    const first = col[0];
    const dy = axis - size.get(first)[1] / 2;
    for (const id of col) pos.get(id)[1] += dy;
  }
  height = Math.max(...[...pos].map(([id, p]) => p[1] + size.get(id)[1]));
  const width = x - GAP_X;
  const shapes = [];
  const bounds = new Map();
  for (const n of nodes) {
    const [px, py] = pos.get(n.id);
    const [w, h] = size.get(n.id);
    bounds.set(n.id, { x: px, y: py, width: w, height: h });
    shapes.push({ element: n, x: px, y: py, width: w, height: h, expanded: inner.has(n.id) });
    const l = inner.get(n.id);
    if (l) {
      for (const s of l.shapes) shapes.push({ ...s, x: s.x + px + PAD, y: s.y + py + PAD });
    }
  }
  const edges = [];
  const innerEdges = [];
  for (const n of nodes) {
    const l = inner.get(n.id);
    if (!l) continue;
    const [px, py] = pos.get(n.id);
    for (const e of l.edges) innerEdges.push({ element: e.element, points: e.points.map(([a, b]) => [a + px + PAD, b + py + PAD]) });
  }
  edges.push(...innerEdges);
  // boundary events on the lower edge of the host
  const perHost = new Map();
  for (const b of boundaries) {
    const host = bounds.get(hostOf.get(b.id));
    if (!host) continue;
    const i = perHost.get(b.attachedToRef.id) ?? 0;
    perHost.set(b.attachedToRef.id, i + 1);
    const bb = { x: host.x + host.width - 60 - i * 50, y: host.y + host.height - 18, width: 36, height: 36 };
    bounds.set(b.id, bb);
    shapes.push({ element: b, ...bb });
  }
  const bottom = Math.max(height, ...[...bounds.values()].map((b) => b.y + b.height));
  let lane = bottom + 25;
  for (const f of flows) {
    const s = bounds.get(f.sourceRef.id);
    const t = bounds.get(f.targetRef.id);
    if (!s || !t) continue;
    let points;
    const isBoundary = f.sourceRef.$type === 'bpmn:BoundaryEvent';
    if (t.x > s.x + s.width - 1 && !isBoundary) {
      const sy = s.y + s.height / 2;
      const ty = t.y + t.height / 2;
      const sx = s.x + s.width;
      const mx = sx + Math.max(20, (t.x - sx) / 2);
      points = sy === ty ? [[sx, sy], [t.x, ty]] : [[sx, sy], [mx, sy], [mx, ty], [t.x, ty]];
    } else if (isBoundary && t.x > s.x) {
      const sx = s.x + s.width / 2;
      const sy = s.y + s.height;
      const ty = t.y + t.height / 2;
      points = ty > sy ? [[sx, sy], [sx, ty], [t.x, ty]] : [[sx, sy], [sx, sy + 20], [t.x - 20, sy + 20], [t.x - 20, ty], [t.x, ty]];
    } else {
      const sx = s.x + s.width / 2;
      const sy = s.y + s.height;
      const tx = t.x + t.width / 2;
      points = [[sx, sy], [sx, lane], [tx, lane], [tx, t.y + t.height]];
      lane += 15;
    }
    edges.push({ element: f, points });
  }
  return { shapes, edges, width, height: Math.max(bottom, lane - 25) };
}

/** Writes the `incoming`/`outgoing` references of every flow node (bpmnlint and bpmn-js read them). */
function linkFlows(container) {
  const elements = container.flowElements ?? [];
  for (const e of elements) {
    if (e.$type === 'bpmn:SequenceFlow') continue;
    if ('incoming' in e || e.$descriptor.properties.some((p) => p.name === 'incoming')) {
      e.incoming = elements.filter((f) => f.$type === 'bpmn:SequenceFlow' && f.targetRef === e);
      e.outgoing = elements.filter((f) => f.$type === 'bpmn:SequenceFlow' && f.sourceRef === e);
    }
    if (e.flowElements) linkFlows(e);
  }
}

async function addDi(file) {
  const xml = fs.readFileSync(file, 'utf8');
  const { rootElement: defs, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  if (warnings.length) throw new Error(`${file}: ${warnings.map((w) => w.message).join('; ')}`);
  for (const p of defs.rootElements.filter((e) => e.$type === 'bpmn:Process')) linkFlows(p);
  defs.diagrams = [];
  for (const process of defs.rootElements.filter((e) => e.$type === 'bpmn:Process')) {
    const l = layoutContainer(process);
    const plane = moddle.create('bpmndi:BPMNPlane', { id: `${process.id}_plane`, bpmnElement: process, planeElement: [] });
    for (const s of l.shapes) {
      const shape = moddle.create('bpmndi:BPMNShape', {
        id: `${s.element.id}_di`, bpmnElement: s.element,
        bounds: moddle.create('dc:Bounds', { x: Math.round(s.x + 150), y: Math.round(s.y + 80), width: s.width, height: s.height }),
      });
      if (s.expanded) shape.isExpanded = true;
      plane.planeElement.push(shape);
    }
    for (const e of l.edges) {
      plane.planeElement.push(moddle.create('bpmndi:BPMNEdge', {
        id: `${e.element.id}_di`, bpmnElement: e.element,
        waypoint: e.points.map(([x, y]) => moddle.create('dc:Point', { x: Math.round(x + 150), y: Math.round(y + 80) })),
      }));
    }
    defs.diagrams.push(moddle.create('bpmndi:BPMNDiagram', { id: `${process.id}_diagram`, plane }));
  }
  const { xml: written } = await moddle.toXML(defs, { format: true });
  fs.writeFileSync(file, written.endsWith('\n') ? written : `${written}\n`);
}

for (const f of process.argv.slice(2)) {
  await addDi(f);
  console.log(`DI written: ${f}`);
}
