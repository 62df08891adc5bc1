import type { Behaviour } from '../behaviour.types.js';

/** Script task: evaluates its FEEL `zeebe:script` expression into `resultVariable` (or runs a task definition). */
export const scriptTaskBehaviour: Behaviour<'scriptTask'> = {
  kind: 'scriptTask',
  activate(api, element, ei) {
    if (!element.script) return api.runAction(ei, element.action!);
    const result = api.feel(element.script.expression, ei);
    api.complete(ei, { variables: element.script.resultVariable ? { [element.script.resultVariable]: result } : {} });
  },
};
