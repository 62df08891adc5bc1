import type { Behaviour } from '../behaviour.types.js';

/** Receive task: opens a message subscription (name + correlation key) and completes with the message variables. */
export const receiveTaskBehaviour: Behaviour<'receiveTask'> = {
  kind: 'receiveTask',
  activate(api, element, ei) {
    if (ei.triggeredWith) return api.complete(ei, { variables: ei.triggeredWith });
    if (element.event?.type === 'message') api.openWait(ei, element, true);
  },
  trigger(api, _element, ei, variables) {
    api.complete(ei, { variables });
  },
};
