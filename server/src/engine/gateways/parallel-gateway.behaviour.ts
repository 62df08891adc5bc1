import type { Behaviour } from '../behaviour.types.js';

/**
 * Parallel gateway: a join waits until a token arrived on every incoming flow (arrivals are counted
 * per scope instance in the state), consumes one per flow, then forks to every outgoing flow.
 */
export const parallelGatewayBehaviour: Behaviour<'parallelGateway'> = {
  kind: 'parallelGateway',
  arrive(api, element, scope, flowId) {
    if (element.incoming.length <= 1) return api.activate(scope, element);
    const arrivals = api.joinArrivals(scope, element.id);
    arrivals[flowId] = (arrivals[flowId] ?? 0) + 1;
    if (!element.incoming.every((f) => (arrivals[f] ?? 0) > 0)) return;
    for (const f of element.incoming) arrivals[f] -= 1;
    api.activate(scope, element);
  },
  activate(api, element, ei) {
    api.complete(ei, { flows: element.outgoing });
  },
};
