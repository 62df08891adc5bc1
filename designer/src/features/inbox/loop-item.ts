/**
 * Which item of a loop a task is for («for each event of the plan»): the server names the item and
 * its collection; the form of the earlier step that filled that collection in (its dynamic list)
 * gives the labels to show the item with.
 */
import type { FormSchema, PreviousStep } from '../../shared/api-shapes';

/** An item of a multi-instance loop the task is inside (as `GET /api/tasks/:id` gives it). */
export interface LoopItem {
  element: string;
  collection: string | null;
  index: number;
  total: number;
  value: unknown;
}

/** How to show one loop item: a heading, and the read-only form of its fields with their data (null when no earlier form lists them). */
export interface LoopItemView {
  label: string | null;
  index: number;
  total: number;
  form: FormSchema | null;
  data: Record<string, unknown>;
}

type Component = { type?: string; path?: string; label?: string; components?: Component[] };

function findList(components: Component[] | undefined, path: string): Component | null {
  for (const c of components ?? []) {
    if (c.type === 'dynamiclist' && c.path === path) return c;
    const inner = findList(c.components, path);
    if (inner) return inner;
  }
  return null;
}

/**
 * The views of `items` (outermost loop first): each with the fields of the dynamic list that filled
 * its collection in the most recent earlier step that has one, and that step's values (reference-list
 * options among them) under the item's own.
 */
export function loopItemViews(items: readonly LoopItem[] | undefined, steps: readonly PreviousStep[] | undefined): LoopItemView[] {
  return [...(items ?? [])].reverse().map((item) => {
    const value = item.value && typeof item.value === 'object' && !Array.isArray(item.value) ? (item.value as Record<string, unknown>) : null;
    let list: Component | null = null;
    let stepValues: Record<string, unknown> = {};
    for (const s of [...(steps ?? [])].reverse()) {
      list = item.collection && value ? findList(s.form?.components as Component[] | undefined, item.collection) : null;
      if (list) {
        stepValues = s.values ?? {};
        break;
      }
    }
    return {
      label: list?.label ?? null,
      index: item.index,
      total: item.total,
      form: list ? { id: `loop-item-${item.element}`, type: 'default', components: list.components ?? [] } : null,
      data: list ? { ...stepValues, ...value } : {},
    };
  });
}
