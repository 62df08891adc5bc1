import type { Behaviour } from '../behaviour.types.js';
import { StepFailure } from '../execution/step-failure.js';

/**
 * Exclusive gateway: takes the first outgoing flow (in diagram order) whose FEEL condition is true,
 * else the default flow; neither → incident, token kept at the gateway. A condition must yield a
 * boolean, and a missing variable is an error (never a silent false).
 */
export const exclusiveGatewayBehaviour: Behaviour<'exclusiveGateway'> = {
  kind: 'exclusiveGateway',
  activate(api, element, ei) {
    if (element.outgoing.length === 1 && !api.model.flows[element.outgoing[0]].condition) {
      return api.complete(ei, { flows: element.outgoing });
    }
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlow) continue;
      const condition = api.model.flows[flowId].condition;
      if (!condition) continue;
      const result = api.feel(condition, ei);
      if (typeof result !== 'boolean') {
        throw new StepFailure(`condition of '${flowId}' returned ${JSON.stringify(result)}, not a boolean`);
      }
      if (result) return api.complete(ei, { flows: [flowId] });
    }
    if (element.defaultFlow) return api.complete(ei, { flows: [element.defaultFlow] });
    throw new StepFailure(`no condition of gateway '${element.id}' is true and there is no default flow`);
  },
};
