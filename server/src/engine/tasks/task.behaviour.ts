import type { Behaviour } from '../behaviour.types.js';

/** Plain (undefined) task: passes the token through, applying its mappings. */
export const taskBehaviour: Behaviour<'task'> = {
  kind: 'task',
  activate(api, _element, ei) {
    api.complete(ei);
  },
};
