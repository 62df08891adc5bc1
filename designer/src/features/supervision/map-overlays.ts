/** Pure helpers of the process map: what to draw on each element of the diagram. */
import type { ElementStats } from './supervision-api';

/** One badge to place on an element: a count of a kind. */
export interface Badge {
  elementId: string;
  kind: 'active' | 'overdue' | 'incidents';
  count: number;
}

/** Badges for the element counts: one per non-zero count, active first. */
export function statsBadges(elements: ElementStats[]): Badge[] {
  const out: Badge[] = [];
  for (const e of elements) {
    if (e.active) out.push({ elementId: e.elementId, kind: 'active', count: e.active });
    if (e.overdue) out.push({ elementId: e.elementId, kind: 'overdue', count: e.overdue });
    if (e.incidents) out.push({ elementId: e.elementId, kind: 'incidents', count: e.incidents });
  }
  return out;
}

/** Where a badge of a kind sits on the element's box (bottom-left, bottom-right, top-right). */
export function badgePosition(kind: Badge['kind']): { bottom?: number; left?: number; right?: number; top?: number } {
  if (kind === 'active') return { bottom: 12, left: -8 };
  if (kind === 'overdue') return { bottom: 12, right: 12 };
  return { top: -8, right: 12 };
}

/**
 * Marker classes per element of one instance: `pd-path` for what it passed through, `pd-current`
 * for where its tokens are now, `pd-incident` where an incident holds it.
 */
export function instanceMarkers(view: { path: string[]; tokens: { elementId: string }[]; incidents: { elementId: string | null }[] }): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, cls: string) => {
    const list = out.get(id) ?? [];
    if (!list.includes(cls)) list.push(cls);
    out.set(id, list);
  };
  for (const id of view.path) add(id, 'pd-path');
  for (const t of view.tokens) add(t.elementId, 'pd-current');
  for (const i of view.incidents) if (i.elementId) add(i.elementId, 'pd-incident');
  return out;
}
