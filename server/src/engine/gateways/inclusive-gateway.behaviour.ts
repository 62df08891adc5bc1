import type { Behaviour, ExecutionApi } from '../behaviour.types.js';
import type { ElementModel } from '../model/process-model.types.js';
import type { ElementInstance } from '../execution/state.types.js';
import { StepFailure } from '../execution/step-failure.js';

/**
 * Whether a token could still arrive at `join` in `scope`: a live child (or a token waiting at another
 * join, or a flow a fork has not taken yet) whose element can reach the join along sequence flows or
 * boundary events.
 */
function canStillArrive(api: ExecutionApi, join: ElementModel, scope: ElementInstance): boolean {
  for (const child of api.children(scope.id)) {
    if (child.elementId === join.id) continue;
    if (api.element(child.elementId).reaches?.includes(join.id)) return true;
  }
  // flows a fork has not taken yet (its branches run one after the other)
  for (const flowId of api.pendingFlows(scope.id)) {
    const target = api.model.flows[flowId].targetId;
    if (target === join.id || api.element(target).reaches?.includes(join.id)) return true;
  }
  const prefix = `${scope.id}/`;
  for (const [key, arrivals] of Object.entries(api.state.joins)) {
    if (!key.startsWith(prefix)) continue;
    const gatewayId = key.slice(prefix.length);
    if (gatewayId === join.id) continue;
    if (Object.values(arrivals).some((n) => n > 0) && api.element(gatewayId).reaches?.includes(join.id)) return true;
  }
  return false;
}

function tryFire(api: ExecutionApi, element: ElementModel, scope: ElementInstance): void {
  const arrivals = api.joinArrivals(scope, element.id);
  if (!Object.values(arrivals).some((n) => n > 0)) return;
  if (canStillArrive(api, element, scope)) return;
  for (const f of Object.keys(arrivals)) if (arrivals[f] > 0) arrivals[f] -= 1;
  api.activate(scope, element);
}

/**
 * Inclusive gateway. Fork: every outgoing flow whose condition is true (default if none; neither →
 * incident). Join: fires when no other token of the same scope can still reach it (reachability is
 * precomputed at compile time), re-checked whenever a token of the scope ends.
 */
export const inclusiveGatewayBehaviour: Behaviour<'inclusiveGateway'> = {
  kind: 'inclusiveGateway',
  arrive(api, element, scope, flowId) {
    if (element.incoming.length <= 1) return api.activate(scope, element);
    const arrivals = api.joinArrivals(scope, element.id);
    arrivals[flowId] = (arrivals[flowId] ?? 0) + 1;
    tryFire(api, element, scope);
  },
  recheckJoin(api, element, scope) {
    tryFire(api, element, scope);
  },
  activate(api, element, ei) {
    const taken: string[] = [];
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlow) continue;
      const condition = api.model.flows[flowId].condition;
      if (!condition) {
        taken.push(flowId);
        continue;
      }
      const result = api.feel(condition, ei);
      if (typeof result !== 'boolean') {
        throw new StepFailure(`condition of '${flowId}' returned ${JSON.stringify(result)}, not a boolean`);
      }
      if (result) taken.push(flowId);
    }
    if (taken.length === 0 && element.defaultFlow) taken.push(element.defaultFlow);
    if (taken.length === 0 && element.outgoing.length > 0) {
      throw new StepFailure(`no condition of gateway '${element.id}' is true and there is no default flow`);
    }
    api.complete(ei, { flows: taken });
  },
};
