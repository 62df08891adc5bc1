import type { Behaviour } from '../behaviour.types.js';

/**
 * Event sub-process: activated by the runner when its start event's trigger fires in the enclosing
 * scope (interrupting: the scope's other tokens are terminated first). Starts its start event with
 * the trigger's variables and completes when no token remains inside.
 */
export const eventSubProcessBehaviour: Behaviour<'eventSubProcess'> = {
  kind: 'eventSubProcess',
  activate(api, element, ei) {
    api.openEventSubProcesses(ei, element.eventSubProcessIds ?? []);
    api.activate(ei, api.element(element.startEventId!), { triggeredWith: ei.triggeredWith ?? {} });
  },
  scopeDone(api, _element, ei) {
    api.complete(ei);
  },
};
