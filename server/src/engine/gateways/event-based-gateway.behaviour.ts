import type { Behaviour } from '../behaviour.types.js';

/**
 * Event-based gateway: opens the subscriptions/timers of all catch events after it (owned by the
 * gateway). The first to fire wins: the others are closed and the token moves to the winning event,
 * which completes with the trigger's variables.
 */
export const eventBasedGatewayBehaviour: Behaviour<'eventBasedGateway'> = {
  kind: 'eventBasedGateway',
  activate(api, element, ei) {
    for (const targetId of element.eventTargets ?? []) api.openWait(ei, api.element(targetId), true);
  },
  caught(api, element, ei, catchElement, variables) {
    api.closeOwned(ei);
    const flowId = element.outgoing.find((f) => api.model.flows[f].targetId === catchElement.id)!;
    api.complete(ei, { flows: [flowId], triggeredWith: variables });
  },
};
