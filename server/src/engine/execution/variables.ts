import type { HistoryEntry } from './effects.types.js';
import type { JsonObject } from './json.types.js';
import type { ElementInstance, InstanceState } from './state.types.js';

/** What variable handling needs: the state and the history. */
export interface VariableHost {
  readonly state: InstanceState;
  history(entry: HistoryEntry): void;
}

/** The scope chain of `ei`, innermost first (`ei`, its scope, …, the root). */
export function scopeChain(state: InstanceState, ei: ElementInstance): ElementInstance[] {
  const chain: ElementInstance[] = [];
  for (let cur: ElementInstance | undefined = ei; cur; cur = cur.parentId ? state.elements[cur.parentId] : undefined) chain.push(cur);
  return chain;
}

/** All variables visible from `ei`: the root's, overridden by each inner scope's, down to `ei`'s own. */
export function visibleVariables(state: InstanceState, ei: ElementInstance): JsonObject {
  const chain = scopeChain(state, ei);
  const result: JsonObject = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(result, chain[i].variables);
  return result;
}

/**
 * Sets variables from `from` upwards (Zeebe propagation): each variable is updated in the nearest
 * scope (starting at `from`) that already has it, else created at the instance root.
 */
export function propagate(host: VariableHost, from: ElementInstance, variables: JsonObject): void {
  const root = host.state.elements[host.state.instanceId];
  const changed = new Map<string, JsonObject>();
  for (const [name, value] of Object.entries(variables)) {
    const target = scopeChain(host.state, from).find((cur) => Object.hasOwn(cur.variables, name)) ?? root;
    target.variables[name] = value;
    const bucket = changed.get(target.id) ?? {};
    bucket[name] = value;
    changed.set(target.id, bucket);
  }
  for (const [executionId, vars] of changed) host.history({ kind: 'variablesChanged', executionId, variables: vars });
}

/** Sets variables local to `ei` (recorded in the history when there are any). */
export function setLocal(host: VariableHost, ei: ElementInstance, variables: JsonObject): void {
  if (Object.keys(variables).length === 0) return;
  Object.assign(ei.variables, variables);
  host.history({ kind: 'variablesChanged', executionId: ei.id, variables });
}
