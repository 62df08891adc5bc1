import type { Behaviour, ExecutionApi } from '../behaviour.types.js';
import type { ElementModel } from '../model/process-model.types.js';
import type { ElementInstance } from '../execution/state.types.js';

/** Opens the wait of a catching element (message, timer or signal) owned by `owner`. */
export function openCatch(api: ExecutionApi, owner: ElementInstance, element: ElementModel, interrupting: boolean): void {
  const event = element.event;
  if (event?.type === 'message') api.openMessage(owner, element, event.message, interrupting);
  else if (event?.type === 'timer') api.scheduleTimer(owner, element, event.timer, interrupting);
  else if (event?.type === 'signal') api.openSignal(owner, element, event.signalName, interrupting);
}

/**
 * Intermediate catch event (message, timer, signal): waits for its trigger, then completes with the
 * trigger's variables. After an event-based gateway it is activated already triggered.
 */
export const intermediateCatchEventBehaviour: Behaviour<'intermediateCatchEvent'> = {
  kind: 'intermediateCatchEvent',
  activate(api, element, ei) {
    if (ei.triggeredWith) return api.complete(ei, { variables: ei.triggeredWith });
    openCatch(api, ei, element, true);
  },
  trigger(api, _element, ei, variables) {
    api.complete(ei, { variables });
  },
};
