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
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  addMarker(element: string, marker: string): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}

/** Wraps a NavigatedViewer mounted in `container`. */
export class DiagramViewer {
  private readonly viewer: InstanceType<typeof NavigatedViewer>;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  /** Shows a diagram, fitted to the viewport. */
  async show(xml: string): Promise<void> {
    await this.viewer.importXML(xml);
    (this.viewer.get('canvas') as Canvas).zoom('fit-viewport', 'auto');
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
      overlays.add(b.elementId, 'pd-count', { position: badgePosition(b.kind), html: el });
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
