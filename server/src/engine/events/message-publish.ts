import type { ExecutionApi } from '../behaviour.types.js';
import type { MessageRef } from '../model/process-model.types.js';
import type { ElementInstance } from '../execution/state.types.js';

/**
 * Emits `messagePublished` for a send task / message throw without a task definition: the message
 * name (static or FEEL), the evaluated correlation key, and the element's local (input-mapped) variables.
 */
export function publishMessage(api: ExecutionApi, ei: ElementInstance, message: MessageRef): void {
  const name = String(api.value(message.name, ei));
  const correlationKey = message.correlationKey === undefined ? undefined : String(api.value(message.correlationKey, ei));
  api.emit({ type: 'messagePublished', instanceId: api.state.instanceId, name, correlationKey, variables: { ...ei.variables } });
}
