import type { Behaviour } from '../behaviour.types.js';

/**
 * Call activity: asks for a child instance of `zeebe:calledElement processId` with the parent's
 * visible variables (unless `propagateAllParentVariables="false"`) plus its input mappings, then
 * waits for `childInstanceEnded`.
 */
export const callActivityBehaviour: Behaviour<'callActivity'> = {
  kind: 'callActivity',
  activate(api, element, ei) {
    const called = element.called!;
    const processKey = String(api.value(called.processId, ei));
    const variables = called.propagateAllParentVariables ? api.visibleVariables(ei) : { ...ei.variables };
    api.emit({
      type: 'callActivityStartRequested',
      instanceId: api.state.instanceId,
      executionId: ei.id,
      elementId: element.id,
      processKey,
      variables,
      businessKey: api.state.businessKey,
    });
  },
};
