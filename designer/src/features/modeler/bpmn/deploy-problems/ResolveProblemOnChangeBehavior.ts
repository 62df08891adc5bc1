/**
 * When the user edits a marked element (any command that changes it), its
 * problem marker goes away: the next deployment tells whether it is fixed.
 */
import type EventBus from 'diagram-js/lib/core/EventBus';
import type DeployProblems from './DeployProblems';

export default class ResolveProblemOnChangeBehavior {
  static $inject = ['eventBus', 'deployProblems'];

  constructor(eventBus: EventBus, deployProblems: DeployProblems) {
    eventBus.on('elements.changed', (event: { elements: { id: string }[] }) => {
      for (const element of event.elements) {
        if (deployProblems.isMarked(element.id)) deployProblems.resolve(element.id);
      }
    });
  }
}
