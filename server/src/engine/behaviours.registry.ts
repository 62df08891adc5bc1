import type { Behaviour } from './behaviour.types.js';
import { callActivityBehaviour } from './containers/call-activity.behaviour.js';
import { eventSubProcessBehaviour } from './containers/event-sub-process.behaviour.js';
import { subProcessBehaviour } from './containers/sub-process.behaviour.js';
import { boundaryEventBehaviour } from './events/boundary-event.behaviour.js';
import { endEventBehaviour } from './events/end-event.behaviour.js';
import { intermediateCatchEventBehaviour } from './events/intermediate-catch-event.behaviour.js';
import { intermediateThrowEventBehaviour } from './events/intermediate-throw-event.behaviour.js';
import { startEventBehaviour } from './events/start-event.behaviour.js';
import { eventBasedGatewayBehaviour } from './gateways/event-based-gateway.behaviour.js';
import { exclusiveGatewayBehaviour } from './gateways/exclusive-gateway.behaviour.js';
import { inclusiveGatewayBehaviour } from './gateways/inclusive-gateway.behaviour.js';
import { parallelGatewayBehaviour } from './gateways/parallel-gateway.behaviour.js';
import type { ElementKind } from './model/process-model.types.js';
import { manualTaskBehaviour } from './tasks/manual-task.behaviour.js';
import { receiveTaskBehaviour } from './tasks/receive-task.behaviour.js';
import { scriptTaskBehaviour } from './tasks/script-task.behaviour.js';
import { sendTaskBehaviour } from './tasks/send-task.behaviour.js';
import { serviceTaskBehaviour } from './tasks/service-task.behaviour.js';
import { taskBehaviour } from './tasks/task.behaviour.js';
import { userTaskBehaviour } from './tasks/user-task.behaviour.js';

/** One behaviour per element kind; a missing entry fails to compile. */
export type BehaviourRegistry = { readonly [K in ElementKind]: Behaviour<K> };

/** The behaviour registry (Zeebe's `BpmnElementProcessors`, as a mapped type). */
export const BEHAVIOURS: BehaviourRegistry = {
  startEvent: startEventBehaviour,
  endEvent: endEventBehaviour,
  intermediateCatchEvent: intermediateCatchEventBehaviour,
  intermediateThrowEvent: intermediateThrowEventBehaviour,
  boundaryEvent: boundaryEventBehaviour,
  userTask: userTaskBehaviour,
  serviceTask: serviceTaskBehaviour,
  scriptTask: scriptTaskBehaviour,
  receiveTask: receiveTaskBehaviour,
  sendTask: sendTaskBehaviour,
  manualTask: manualTaskBehaviour,
  task: taskBehaviour,
  exclusiveGateway: exclusiveGatewayBehaviour,
  parallelGateway: parallelGatewayBehaviour,
  inclusiveGateway: inclusiveGatewayBehaviour,
  eventBasedGateway: eventBasedGatewayBehaviour,
  subProcess: subProcessBehaviour,
  eventSubProcess: eventSubProcessBehaviour,
  callActivity: callActivityBehaviour,
};
