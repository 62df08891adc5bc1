import type { ElementModel } from '../../engine/model/process-model.types.js';
import type { Json, JsonObject } from '../../engine/execution/json.types.js';
import type { InstanceState } from '../../engine/execution/state.types.js';
import { scopeChain, visibleVariables } from '../../engine/execution/variables.js';

/**
 * The item of a multi-instance activity a task works on (a task inside «for each event of the
 * plan»): which collection, which item of how many, and the item itself.
 */
export interface LoopItem {
  /** The variable the item is bound to (`inputElement`, e.g. `event`). */
  element: string;
  /** The collection variable it is taken from (`events`), when the input collection is one plain variable; else null. */
  collection: string | null;
  /** 0-based position of the item, and how many items there are. */
  index: number;
  total: number;
  value: Json;
}

/** What a task sees from where it waits: the variables visible from its scope, and the items of the loops it is inside (innermost first). */
export interface TaskScope {
  variables: JsonObject;
  items: LoopItem[];
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The variables visible from the task's execution (the instance's, overridden by each inner scope's:
 * a multi-instance item's `inputElement` and `loopCounter` included) and the loop items it is in.
 * An execution the state no longer holds: the instance's own variables, no items.
 */
export function taskScope(state: InstanceState | null | undefined, executionId: string, elements: Record<string, ElementModel>): TaskScope {
  const ei = state?.elements?.[executionId];
  if (!state || !ei) {
    const root = state?.elements?.[state.instanceId];
    return { variables: { ...(root?.variables ?? {}) }, items: [] };
  }
  const items: LoopItem[] = [];
  for (const scope of scopeChain(state, ei)) {
    const loop = elements[scope.elementId]?.loop;
    if (scope.itemIndex === undefined || !loop?.inputElement || !Object.hasOwn(scope.variables, loop.inputElement)) continue;
    const body = scope.parentId ? state.elements[scope.parentId]?.body : undefined;
    const collection = loop.inputCollection.replace(/^=/, '').trim();
    items.push({
      element: loop.inputElement,
      collection: PLAIN_NAME.test(collection) ? collection : null,
      index: scope.itemIndex,
      total: body?.total ?? scope.itemIndex + 1,
      value: scope.variables[loop.inputElement],
    });
  }
  return { variables: visibleVariables(state, ei), items };
}
