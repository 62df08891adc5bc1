/**
 * Marks the elements a refused deployment names: a red outline (canvas
 * marker) and a badge (overlay) with the server's messages as its tooltip.
 * Markers are view state, not model edits, so they do not go through the
 * command stack.
 */
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type Selection from 'diagram-js/lib/features/selection/Selection';

export interface ElementProblem {
  elementId?: string;
  message: string;
}

export const MARKER = 'deploy-problem';
export const OVERLAY_TYPE = 'deploy-problem';
export const CHANGED_EVENT = 'deployProblems.changed';

/** Groups problems by element id (problems without an id are left out). */
export function groupByElement(problems: ElementProblem[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const p of problems) {
    if (!p.elementId) continue;
    const list = grouped.get(p.elementId) ?? [];
    list.push(p.message);
    grouped.set(p.elementId, list);
  }
  return grouped;
}

export default class DeployProblems {
  static $inject = ['canvas', 'elementRegistry', 'eventBus', 'overlays', 'selection'];

  private marked = new Set<string>();

  constructor(
    private readonly canvas: Canvas,
    private readonly elementRegistry: ElementRegistry,
    private readonly eventBus: EventBus,
    private readonly overlays: Overlays,
    private readonly selection: Selection,
  ) {
    // a new diagram starts without markers
    eventBus.on('import.done', () => this.clear());
  }

  /** Replaces the current markers; returns which ids were marked and which are not on the canvas. */
  show(problems: ElementProblem[]): { marked: string[]; missing: string[] } {
    this.clear();
    const missing: string[] = [];
    const root = this.canvas.getRootElement();
    for (const [id, messages] of groupByElement(problems)) {
      const element = this.elementRegistry.get(id);
      if (!element || element === root) {
        missing.push(id);
        continue;
      }
      this.canvas.addMarker(id, MARKER);
      const badge = document.createElement('div');
      badge.className = 'deploy-problem-badge';
      badge.textContent = messages.length > 1 ? `!${messages.length}` : '!';
      badge.title = messages.join('\n');
      this.overlays.add(id, OVERLAY_TYPE, { position: { top: -10, right: 10 }, html: badge });
      this.marked.add(id);
    }
    this.fireChanged();
    return { marked: [...this.marked], missing };
  }

  /** Removes the marker of one element (the user has touched it). */
  resolve(id: string): void {
    if (!this.marked.delete(id)) return;
    const element = this.elementRegistry.get(id);
    if (element) {
      this.canvas.removeMarker(id, MARKER);
      this.overlays.remove({ element: id, type: OVERLAY_TYPE });
    }
    this.fireChanged();
  }

  clear(): void {
    for (const id of this.marked) {
      if (this.elementRegistry.get(id)) this.canvas.removeMarker(id, MARKER);
    }
    this.overlays.remove({ type: OVERLAY_TYPE });
    const had = this.marked.size > 0;
    this.marked.clear();
    if (had) this.fireChanged();
  }

  isMarked(id: string): boolean {
    return this.marked.has(id);
  }

  /** Selects the element and scrolls it into view; false when it is not on the canvas. */
  focus(id: string): boolean {
    const element = this.elementRegistry.get(id);
    if (!element || element === this.canvas.getRootElement()) return false;
    this.selection.select(element);
    this.canvas.scrollToElement(element as Parameters<Canvas['scrollToElement']>[0], { top: 120, bottom: 120, left: 120, right: 120 });
    return true;
  }

  private fireChanged(): void {
    this.eventBus.fire(CHANGED_EVENT, { marked: [...this.marked] });
  }
}
