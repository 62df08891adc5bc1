import type { Behaviour } from '../behaviour.types.js';

/** Manual task: done outside the system; passes the token through. */
export const manualTaskBehaviour: Behaviour<'manualTask'> = {
  kind: 'manualTask',
  activate(api, _element, ei) {
    api.complete(ei);
  },
};
