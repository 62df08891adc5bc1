import type { Behaviour } from '../behaviour.types.js';
import { openCatch } from '../events/intermediate-catch-event.behaviour.js';

/**
 * Event-based gateway: opens the subscriptions/timers of all catch events after it (owned by the
 * gateway). The first to fire wins: the others are closed and the token moves to the winning event,
 * which completes with the trigger's variables.
 */
export const eventBasedGatewayBehaviour: Behaviour<'eventBasedGateway'> = {
  kind: 'eventBasedGateway',
  activate(api, element, ei) {
    for (const targetId of element.eventTargets ?? []) openCatch(api, ei, api.element(targetId), true);
  },
};
