import type { ExecutionApi } from '../behaviour.types.js';
import type { ElementModel } from '../model/process-model.types.js';
import type { Json, JsonObject } from '../execution/json.types.js';
import type { ElementInstance, Incident } from '../execution/state.types.js';
import { StepFailure } from '../execution/step-failure.js';

/** The kind of the element instance that is the body of a multi-instance activity (its items are its children). */
export const BODY_KIND = 'multiInstanceBody';

/** What the body needs beyond the behaviours' API: creating and activating its items, failing a step. */
export interface MultiInstanceApi extends ExecutionApi {
  /** Creates an element instance of `element` under `scope` (history `elementActivated`), not yet activated. */
  createInstance(scope: ElementInstance, element: ElementModel, kind: string, variables?: JsonObject): ElementInstance;
  /** Input mappings, boundary subscriptions (not for items), then the element's behaviour. */
  runActivation(ei: ElementInstance): void;
  /** Arms the boundary events of `ei`. @throws StepFailure */
  openBoundaries(ei: ElementInstance, element: ElementModel): void;
  /** Turns a StepFailure into an incident on `ei`. */
  failStep(ei: ElementInstance, step: Incident['step'], error: unknown, extra?: Partial<Incident>): void;
}

function startItem(api: MultiInstanceApi, body: ElementInstance, element: ElementModel): void {
  const index = body.body!.next++;
  const locals: JsonObject = { loopCounter: index + 1 };
  if (element.loop!.inputElement) locals[element.loop!.inputElement] = body.body!.collection[index];
  const item = api.createInstance(body, element, element.kind, locals);
  item.itemIndex = index;
  api.runActivation(item);
}

/**
 * Completion condition, next sequential item, or body completion. The condition sees the local
 * variables of the item that just ended (its `inputElement`, input/output-mapped locals), as in Zeebe,
 * where it is evaluated in the scope of the completed inner instance.
 */
function checkBody(api: MultiInstanceApi, body: ElementInstance, loopCounter: number, itemVariables: JsonObject = {}): void {
  const element = api.element(body.elementId);
  const loop = element.loop!;
  const state = body.body!;
  const active = api.children(body.id);
  if (loop.completionCondition) {
    let done: Json;
    try {
      done = api.feel(loop.completionCondition, body, {
        ...itemVariables,
        numberOfInstances: state.total,
        numberOfActiveInstances: active.length,
        numberOfCompletedInstances: state.completed,
        loopCounter,
      });
      if (typeof done !== 'boolean') throw new StepFailure(`completionCondition of '${element.id}' is not a boolean`);
    } catch (error) {
      api.failStep(body, 'complete', error, { variables: itemVariables });
      return;
    }
    if (done) {
      for (const child of active) api.terminate(child);
      api.complete(body);
      return;
    }
  }
  if (loop.sequential && state.next < state.total) {
    startItem(api, body, element);
    return;
  }
  if (active.length === 0 && state.next >= state.total) api.complete(body);
}

/**
 * Multi-instance activity (`loop` on any activity): the runner activates this body in place of the
 * activity. It evaluates the input collection and starts one item per element (all at once, or one
 * after the other when sequential); each item is the activity itself, with `loopCounter` and the
 * `inputElement` as locals. An item's `outputElement` lands at its index of the output collection;
 * the completion condition may end the body early (the other items are terminated).
 */
export const multiInstanceBehaviour = {
  /** Evaluates the input collection and starts the items. Re-run on retry of a failed activation. */
  activate(api: MultiInstanceApi, body: ElementInstance): void {
    const element = api.element(body.elementId);
    const loop = element.loop!;
    let items: Json;
    try {
      items = api.feel(loop.inputCollection, body);
      if (!Array.isArray(items)) throw new StepFailure(`inputCollection of '${element.id}' is ${JSON.stringify(items)}, not a list`);
      api.openBoundaries(body, element);
    } catch (error) {
      api.failStep(body, 'activate', error);
      return;
    }
    body.body = { total: items.length, next: 0, completed: 0, collection: items };
    if (loop.outputCollection) body.variables[loop.outputCollection] = items.map(() => null);
    if (items.length === 0) {
      api.complete(body);
      return;
    }
    if (loop.sequential) {
      startItem(api, body, element);
    } else {
      for (let i = 0; i < items.length && api.state.elements[body.id]; i++) startItem(api, body, element);
    }
  },

  /** The body completes: the output collection goes to the enclosing scope. @throws StepFailure */
  completing(api: MultiInstanceApi, element: ElementModel, body: ElementInstance): void {
    const out = element.loop?.outputCollection;
    if (out) api.propagate(api.parentOf(body), { [out]: body.variables[out] });
  },

  /** An item completes: its `outputElement` lands at its index of the output collection. @throws StepFailure */
  itemCompleting(api: MultiInstanceApi, element: ElementModel, item: ElementInstance): void {
    if (!element.loop?.outputCollection || !element.loop.outputElement) return;
    const body = api.parentOf(item);
    const value = api.feel(element.loop.outputElement, item);
    const collection = body.variables[element.loop.outputCollection] as Json[];
    collection[item.itemIndex!] = value;
  },

  /** An item ended (completed): count it, then the completion condition, the next item, or the body's completion. */
  itemEnded(api: MultiInstanceApi, body: ElementInstance, item: ElementInstance): void {
    if (!api.state.elements[body.id]) return;
    body.body!.completed++;
    checkBody(api, body, item.itemIndex! + 1, item.variables);
  },

  /** Re-runs the step an incident on the body stopped. */
  retry(api: MultiInstanceApi, body: ElementInstance, incident: Incident): void {
    if (incident.step === 'activate') this.activate(api, body);
    else if (incident.step === 'complete' && body.body) checkBody(api, body, body.body.next, incident.variables);
    else if (incident.step === 'complete') api.complete(body, { variables: incident.variables });
  },
};
