import type { ElementKind } from './process-model.types.js';

export const KIND_BY_TYPE: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:Task': 'task',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

// Non-executing artefacts: allowed and ignored.
export const IGNORED_FLOW_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

// Zeebe extension elements with no execution semantics here (metadata only).
export const IGNORED_ZEEBE = new Set(['zeebe:Properties', 'zeebe:UserTask', 'zeebe:VersionTag', 'zeebe:PriorityDefinition']);

export const ACTIVITY_KINDS = new Set<ElementKind>([
  'userTask',
  'serviceTask',
  'scriptTask',
  'receiveTask',
  'sendTask',
  'manualTask',
  'task',
  'subProcess',
  'callActivity',
]);

/** Whether an element kind is an activity (can carry boundary events, multi-instance, mappings). */
export function isActivityKind(kind: ElementKind): boolean {
  return ACTIVITY_KINDS.has(kind);
}
