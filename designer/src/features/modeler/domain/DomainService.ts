/**
 * The domain service of the modeler: reads and writes the domain settings of a user task
 * (role, form, due date) through the undoable `pd.updateZeebeExtension` command, and redraws the
 * properties panel and re-lints when the tenant's catalog (roles, forms) changes.
 */
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type EventBus from 'diagram-js/lib/core/EventBus';
import { onCatalogChange } from './catalog';
import UpdateZeebeExtensionHandler, { findExtension, UPDATE_ZEEBE_EXTENSION } from './UpdateZeebeExtensionHandler';

type Element = { businessObject: { $type: string; get(name: string): unknown } };

export default class DomainService {
  static $inject = ['eventBus', 'commandStack', 'injector'];

  private unsubscribe: () => void;

  constructor(
    private readonly eventBus: EventBus,
    private readonly commandStack: CommandStack,
    injector: { get(name: string, strict?: boolean): unknown },
  ) {
    commandStack.registerHandler(UPDATE_ZEEBE_EXTENSION, UpdateZeebeExtensionHandler);
    this.unsubscribe = onCatalogChange(() => {
      eventBus.fire('propertiesPanel.providersChanged');
      const linting = injector.get('linting', false) as { update(): void } | null;
      linting?.update();
    });
    eventBus.on('diagram.destroy', () => this.unsubscribe());
  }

  /** A property of a Zeebe extension element of the element (undefined when absent). */
  get(element: Element, type: string, property: string): string | undefined {
    const ext = findExtension(element.businessObject as never, type);
    const value = ext?.get(property);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** Sets properties of a Zeebe extension element in one undoable step. */
  set(element: Element, type: string, properties: Record<string, unknown>): void {
    this.commandStack.execute(UPDATE_ZEEBE_EXTENSION, { element, type, properties });
  }

  /** The candidate role of a user task: `candidateGroups` of `zeebe:assignmentDefinition`. */
  setRole(element: Element, role: string | undefined): void {
    this.set(element, 'zeebe:AssignmentDefinition', { candidateGroups: role || undefined });
  }

  /** The form of a user task: `formId` of `zeebe:formDefinition` (linked form, no embedded key). */
  setForm(element: Element, formId: string | undefined): void {
    this.set(element, 'zeebe:FormDefinition', { formId: formId || undefined, formKey: undefined, externalReference: undefined });
  }

  /** The due date of a user task: `dueDate` of `zeebe:taskSchedule`. */
  setDueDate(element: Element, value: string | undefined): void {
    this.set(element, 'zeebe:TaskSchedule', { dueDate: value || undefined });
  }
}
