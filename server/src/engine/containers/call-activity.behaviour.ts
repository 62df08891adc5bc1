import type { Behaviour } from '../behaviour.types.js';
import { withoutReservedVariables } from '../execution/reserved-variables.js';
import { EngineCommandError } from '../execution/step-failure.js';

/**
 * Call activity: asks for a child instance of `zeebe:calledElement processId` with the parent's
 * visible variables (unless `propagateAllParentVariables="false"`) plus its input mappings, then
 * waits for `childInstanceEnded`: completed → completes with the child's variables (all, or only
 * through its output mappings when `propagateAllChildVariables="false"`); an uncaught BPMN error →
 * thrown here; terminated → incident. An escalation the child did not catch is thrown here too.
 * Terminated, it asks for the child to be cancelled.
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
  command(api, element, ei, command) {
    if (command.type === 'childEscalated') {
      // Uncaught in the parent too: an escalation is not an error, so nothing else happens (BPMN 10.5.5).
      api.throwEscalation(ei, command.code);
      return;
    }
    if (command.type !== 'childInstanceEnded') throw new EngineCommandError(`a call activity does not take ${command.type}`);
    if (command.outcome === 'completed') {
      const keep = element.called?.propagateAllChildVariables !== false || element.outputs !== undefined;
      // the child's own initiator/subject stay the child's
      const variables = keep ? withoutReservedVariables(command.variables ?? {}) : {};
      if (element.called?.propagateAllChildVariables === false && element.outputs) {
        api.setLocal(ei, variables);
        api.complete(ei);
      } else {
        api.complete(ei, { variables });
      }
    } else if (command.outcome === 'error') {
      if (!api.throwError(ei, command.code, command.message)) {
        api.raiseIncident(ei, 'throw', `unhandled BPMN error '${command.code}' from the called process`, { errorCode: command.code });
      }
    } else {
      api.raiseIncident(ei, 'activate', 'the called instance was terminated');
    }
  },
  terminated(api, _element, ei) {
    api.emit({ type: 'childInstanceCancelRequested', instanceId: api.state.instanceId, executionId: ei.id });
  },
};
