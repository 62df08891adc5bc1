import type { Behaviour } from '../behaviour.types.js';
import { publishMessage } from './message-publish.js';

/**
 * Intermediate throw event: none (pass-through), message (publish, or run a task definition),
 * signal (broadcast), escalation (thrown up the scopes; continues unless an interrupting catcher took it).
 */
export const intermediateThrowEventBehaviour: Behaviour<'intermediateThrowEvent'> = {
  kind: 'intermediateThrowEvent',
  activate(api, element, ei) {
    const event = element.event ?? { type: 'none' };
    if (event.type === 'message') {
      if (element.action) return api.runAction(ei, element.action);
      publishMessage(api, ei, event.message);
    } else if (event.type === 'signal') {
      api.emit({ type: 'signalBroadcast', instanceId: api.state.instanceId, name: event.signalName, variables: { ...ei.variables } });
    } else if (event.type === 'escalation') {
      if (api.throwEscalation(ei, event.escalationCode)) return;
    }
    api.complete(ei);
  },
};
