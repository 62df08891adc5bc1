import type { Behaviour } from '../behaviour.types.js';

/**
 * Boundary event (timer, message, signal, error, escalation; interrupting or not). The runner opens
 * its subscription when the host activates and, when it fires, terminates the host if interrupting;
 * the boundary token is then activated in the host's scope already triggered and leaves at once.
 */
export const boundaryEventBehaviour: Behaviour<'boundaryEvent'> = {
  kind: 'boundaryEvent',
  activate(api, _element, ei) {
    api.complete(ei, { variables: ei.triggeredWith });
  },
};
