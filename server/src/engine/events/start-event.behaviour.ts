import type { Behaviour } from '../behaviour.types.js';

/**
 * Start event (none, message, timer, signal; error/escalation in event sub-processes): the trigger
 * already happened when the token is created, so it completes at once with the trigger's variables.
 */
export const startEventBehaviour: Behaviour<'startEvent'> = {
  kind: 'startEvent',
  activate(api, _element, ei) {
    api.complete(ei, { variables: ei.triggeredWith });
  },
};
