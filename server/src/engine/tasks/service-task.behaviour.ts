import type { Behaviour } from '../behaviour.types.js';

/** Service task: runs its built-in action (`zeebe:taskDefinition type`), sync or as an async job. */
export const serviceTaskBehaviour: Behaviour<'serviceTask'> = {
  kind: 'serviceTask',
  activate(api, element, ei) {
    api.runAction(ei, element.action!);
  },
};
