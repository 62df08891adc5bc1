import type { ActionRegistry } from './action.types.js';
import { httpAction } from './http.action.js';
import { notifyAction } from './notify.action.js';
import { setVariablesAction } from './set-variables.action.js';

/** The built-in actions, by key. Pass a superset to `new Engine({ actions })` to add more. */
export const BUILT_IN_ACTIONS: ActionRegistry = {
  'set-variables': setVariablesAction,
  notify: notifyAction,
  http: httpAction,
};
