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

/** Wraps a NavigatedViewer mounted in `container`. */
export class DiagramViewer {
  private readonly viewer: InstanceType<typeof NavigatedViewer>;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  /** Shows a diagram fitted to the visible part, unless that makes it unreadable (then: from its start, readable). */
  async show(xml: string): Promise<void> {
    await this.viewer.importXML(xml);
    this.fit();
  }

  /** Fits the diagram to the visible part; a diagram too wide to read that way starts at its left edge at a readable zoom. */
  fit(): void {
    const canvas = this.viewer.get('canvas') as Canvas;
    const zoom = canvas.zoom('fit-viewport', 'auto');
    if (zoom >= READABLE_ZOOM) return;
    const box = canvas.viewbox();
    const inner = box.inner;
    canvas.zoom(READABLE_ZOOM);
    const now = canvas.viewbox();
    canvas.viewbox({ x: inner.x - 20, y: inner.y + inner.height / 2 - now.height / 2, width: now.width, height: now.height });
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
