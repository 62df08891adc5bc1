import type { Behaviour } from '../behaviour.types.js';

/**
 * Embedded sub-process: a variable scope; opens its event sub-processes, starts its none start
 * event, and completes when no token remains inside.
 */
export const subProcessBehaviour: Behaviour<'subProcess'> = {
  kind: 'subProcess',
  activate(api, element, ei) {
    api.openEventSubProcesses(ei, element.eventSubProcessIds ?? []);
    api.activate(ei, api.element(element.startEventId!));
  },
  scopeDone(api, _element, ei) {
    api.complete(ei);
  },
};
