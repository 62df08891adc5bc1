/**
 * Command `pd.updateZeebeExtension`: sets properties of one Zeebe extension element of a BPMN
 * element (`zeebe:AssignmentDefinition`, `zeebe:FormDefinition`, `zeebe:TaskSchedule`, …),
 * creating `bpmn:extensionElements` and the extension element when missing. It runs as one
 * undoable step made of `element.updateModdleProperties` commands.
 */
import type CommandStack from 'diagram-js/lib/command/CommandStack';

interface ModdleElement {
  $type: string;
  get(name: string): unknown;
  [key: string]: unknown;
}

interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}

export interface UpdateZeebeExtensionContext {
  element: { businessObject: ModdleElement };
  /** e.g. `zeebe:AssignmentDefinition` */
  type: string;
  /** properties to set; `undefined` removes an attribute */
  properties: Record<string, unknown>;
}

export const UPDATE_ZEEBE_EXTENSION = 'pd.updateZeebeExtension';

/** The extension element of `type` of a business object, if any. */
export function findExtension(bo: ModdleElement, type: string): ModdleElement | undefined {
  const ext = bo.get('extensionElements') as ModdleElement | undefined;
  return ((ext?.get('values') as ModdleElement[] | undefined) ?? []).find((v) => v.$type === type);
}

export default class UpdateZeebeExtensionHandler {
  static $inject = ['commandStack', 'bpmnFactory'];

  constructor(
    private readonly commandStack: CommandStack,
    private readonly bpmnFactory: BpmnFactory,
  ) {}

  preExecute(context: UpdateZeebeExtensionContext): void {
    const { element, type, properties } = context;
    const bo = element.businessObject;
    let extensionElements = bo.get('extensionElements') as ModdleElement | undefined;
    if (!extensionElements) {
      extensionElements = this.bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
      extensionElements.$parent = bo;
      this.commandStack.execute('element.updateModdleProperties', { element, moddleElement: bo, properties: { extensionElements } });
    }
    let extension = findExtension(bo, type);
    if (!extension) {
      extension = this.bpmnFactory.create(type, {});
      extension.$parent = extensionElements;
      const values = (extensionElements.get('values') as ModdleElement[]) ?? [];
      this.commandStack.execute('element.updateModdleProperties', {
        element,
        moddleElement: extensionElements,
        properties: { values: [...values, extension] },
      });
    }
    this.commandStack.execute('element.updateModdleProperties', { element, moddleElement: extension, properties });
  }

  // the nested commands do the work (and undo it); nothing else changes
  execute(): never[] {
    return [];
  }

  revert(): never[] {
    return [];
  }
}
