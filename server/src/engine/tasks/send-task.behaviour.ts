import type { Behaviour } from '../behaviour.types.js';
import { publishMessage } from '../events/message-publish.js';

/** Send task: runs its task definition if it has one, else publishes its message (`messagePublished`). */
export const sendTaskBehaviour: Behaviour<'sendTask'> = {
  kind: 'sendTask',
  activate(api, element, ei) {
    if (element.action) return api.runAction(ei, element.action);
    if (element.event?.type === 'message') publishMessage(api, ei, element.event.message);
    api.complete(ei);
  },
};
