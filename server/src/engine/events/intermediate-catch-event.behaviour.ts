import type { Behaviour } from '../behaviour.types.js';

/**
 * Intermediate catch event (message, timer, signal): waits for its trigger, then completes with the
 * trigger's variables. After an event-based gateway it is activated already triggered.
 */
export const intermediateCatchEventBehaviour: Behaviour<'intermediateCatchEvent'> = {
  kind: 'intermediateCatchEvent',
  activate(api, element, ei) {
    if (ei.triggeredWith) return api.complete(ei, { variables: ei.triggeredWith });
    api.openWait(ei, element, true);
  },
  trigger(api, _element, ei, variables) {
    api.complete(ei, { variables });
  },
};
