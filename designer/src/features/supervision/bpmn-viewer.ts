/** A read-only bpmn-js viewer (NavigatedViewer: pan and zoom) with count badges and markers. */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import { badgePosition, type Badge } from './map-overlays';

interface Overlays {
  add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement | string }): string;
  remove(filter: { type: string }): void;
}
interface Canvas {
  zoom(level?: 'fit-viewport' | number, center?: 'auto' | { x: number; y: number }): number;
  addMarker(element: string, marker: string): void;
  viewbox(box?: { x: number; y: number; width: number; height: number }): {
    x: number; y: number; width: number; height: number; scale: number; inner: { x: number; y: number; width: number; height: number };
  };
}

/** Below this zoom the names and counts on a diagram cannot be read: a wide diagram is shown from its start at this zoom instead. */
export const READABLE_ZOOM = 0.75;
interface ElementRegistry {
  get(id: string): unknown;
}
interface Box {
  x: number; y: number; width: number; height: number;
}
/** A drawn element as the registry has it (shapes have a box, connections waypoints). */
interface Shape extends Box {
  waypoints?: unknown;
  labelTarget?: unknown;
  children?: Shape[];
}

/** Wraps a NavigatedViewer mounted in `container`. */
export class DiagramViewer {
  private readonly viewer: InstanceType<typeof NavigatedViewer>;
  /** The elements {@link DiagramViewer.fit} centres a diagram too wide to read on. */
  private focus: string[] = [];

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  /**
   * Shows a diagram fitted to the visible part, unless that makes it unreadable: then at a readable
   * zoom, centred on `focus` (the elements where a route is now) or, without one, from its start.
   */
  async show(xml: string, focus: readonly string[] = []): Promise<void> {
    await this.viewer.importXML(xml);
    this.focus = [...focus];
    this.fit();
  }

  /**
   * Fits the diagram to the visible part; a diagram too wide to read that way is shown at a readable
   * zoom around the focused elements (the innermost of them: the tasks, not the sub-processes
   * holding them; the first drawn when they do not fit together), else from its left edge.
   */
  fit(): void {
    const canvas = this.viewer.get('canvas') as Canvas;
    const zoom = canvas.zoom('fit-viewport', 'auto');
    if (zoom >= READABLE_ZOOM) return;
    const inner = canvas.viewbox().inner;
    canvas.zoom(READABLE_ZOOM);
    const now = canvas.viewbox();
    const target = this.focusBox(now.width - 40);
    if (target) {
      canvas.viewbox({ x: target.x + target.width / 2 - now.width / 2, y: target.y + target.height / 2 - now.height / 2, width: now.width, height: now.height });
      return;
    }
    canvas.viewbox({ x: inner.x - 20, y: inner.y + inner.height / 2 - now.height / 2, width: now.width, height: now.height });
  }

  /** The box of the focused elements' shapes (at most `width` wide: else the first drawn alone); null without any. */
  private focusBox(width: number): Box | null {
    const registry = this.viewer.get('elementRegistry') as ElementRegistry;
    const shapes = this.focus.map((id) => registry.get(id) as Shape | undefined)
      .filter((s): s is Shape => !!s && typeof s.x === 'number' && !s.waypoints);
    const leaves = shapes.filter((s) => !s.children?.some((c) => !c.waypoints && !c.labelTarget));
    const chosen = (leaves.length ? leaves : shapes).sort((a, b) => a.x - b.x || a.y - b.y);
    if (!chosen.length) return null;
    const box = (list: Shape[]): Box => {
      const x = Math.min(...list.map((s) => s.x));
      const y = Math.min(...list.map((s) => s.y));
      return { x, y, width: Math.max(...list.map((s) => s.x + s.width)) - x, height: Math.max(...list.map((s) => s.y + s.height)) - y };
    };
    const all = box(chosen);
    return all.width <= width ? all : box([chosen[0]]);
  }

  /** Zooms in (factor > 1) or out around the centre of the visible part. */
  zoomBy(factor: number): void {
    const canvas = this.viewer.get('canvas') as Canvas;
    const box = canvas.viewbox();
    canvas.zoom(Math.min(4, Math.max(0.2, box.scale * factor)), { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  }

  /** Element ids in the order of the process as drawn: left to right, then top to bottom. */
  order(): Map<string, number> {
    const all = (this.viewer.get('elementRegistry') as { getAll(): { id: string; x?: number; y?: number; waypoints?: unknown }[] }).getAll();
    const shapes = all.filter((e) => typeof e.x === 'number' && !e.waypoints).sort((a, b) => a.x! - b.x! || a.y! - b.y!);
    return new Map(shapes.map((e, i) => [e.id, i]));
  }

  /** The BPMN type of each element by id (`bpmn:ExclusiveGateway`, …). */
  types(): Map<string, string> {
    const all = (this.viewer.get('elementRegistry') as { getAll(): { id: string; type: string }[] }).getAll();
    return new Map(all.map((e) => [e.id, e.type]));
  }

  /**
   * Elements inside event sub-processes (by id): steps that run only when their event happens
   * (difficulties reported, an attestation recorded), not steps every route goes through.
   */
  occasional(): Set<string> {
    type Node = { id: string; parent?: Node; businessObject?: { triggeredByEvent?: boolean } };
    const all = (this.viewer.get('elementRegistry') as { getAll(): Node[] }).getAll();
    const inside = (e: Node) => {
      for (let p = e.parent; p; p = p.parent) if (p.businessObject?.triggeredByEvent) return true;
      return false;
    };
    return new Set(all.filter(inside).map((e) => e.id));
  }

  private has(id: string): boolean {
    return !!(this.viewer.get('elementRegistry') as ElementRegistry).get(id);
  }

  /** Names of the diagram's elements by id (unnamed ones are left out). */
  names(): Map<string, string> {
    const all = (this.viewer.get('elementRegistry') as { getAll(): { id: string; businessObject?: { name?: string } }[] }).getAll();
    return new Map(all.filter((e) => e.businessObject?.name).map((e) => [e.id, e.businessObject!.name!]));
  }

  /** Replaces the count badges. */
  setBadges(badges: Badge[], title: (b: Badge) => string): void {
    const overlays = this.viewer.get('overlays') as Overlays;
    overlays.remove({ type: 'pd-count' });
    for (const b of badges) {
      if (!this.has(b.elementId)) continue;
      const el = document.createElement('div');
      el.className = `pd-badge pd-badge-${b.kind}`;
      el.textContent = String(b.count);
      el.title = title(b);
      el.dataset.test = `badge-${b.kind}`;
      el.dataset.element = b.elementId;
      // counts stay the same size at any zoom, so they can always be read
      overlays.add(b.elementId, 'pd-count', { position: badgePosition(b.kind), html: el, scale: false } as never);
    }
  }

  /** Adds marker classes to elements. */
  mark(markers: Map<string, string[]>): void {
    const canvas = this.viewer.get('canvas') as Canvas;
    for (const [id, classes] of markers) if (this.has(id)) for (const c of classes) canvas.addMarker(id, c);
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
