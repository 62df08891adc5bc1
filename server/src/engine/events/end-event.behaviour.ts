import type { Behaviour } from '../behaviour.types.js';
import { StepFailure } from '../execution/step-failure.js';
import { publishMessage } from './message-publish.js';

/**
 * End event: none (the token ends), terminate (ends every other token of the scope), error
 * (thrown to the nearest catcher; uncaught → incident), escalation (uncaught → ends normally),
 * message (publishes, or runs a task definition), signal (broadcasts).
 */
export const endEventBehaviour: Behaviour<'endEvent'> = {
  kind: 'endEvent',
  activate(api, element, ei) {
    const event = element.event ?? { type: 'none' };
    switch (event.type) {
      case 'terminate': {
        const scope = api.parentOf(ei);
        for (const sibling of api.children(scope.id)) if (sibling.id !== ei.id) api.terminate(sibling);
        api.clearJoins(scope.id);
        api.complete(ei);
        return;
      }
      case 'error':
        if (!api.throwError(ei, event.errorCode, event.errorMessage)) {
          throw new StepFailure(`unhandled BPMN error '${event.errorCode ?? '(any)'}' thrown by '${element.id}'`);
        }
        return;
      case 'escalation':
        if (!api.throwEscalation(ei, event.escalationCode)) api.complete(ei);
        return;
      case 'message':
        if (element.action) return api.runAction(ei, element.action);
        publishMessage(api, ei, event.message);
        api.complete(ei);
        return;
      case 'signal':
        api.emit({ type: 'signalBroadcast', instanceId: api.state.instanceId, name: event.signalName, variables: { ...ei.variables } });
        api.complete(ei);
        return;
      default:
        api.complete(ei);
    }
  },
};
