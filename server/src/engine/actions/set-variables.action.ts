import type { ActionHandler } from './action.types.js';

/**
 * `set-variables`: synchronous; does nothing itself — the task's `zeebe:ioMapping` output mappings
 * (evaluated on completion) set the variables.
 */
export const setVariablesAction: ActionHandler = {
  type: 'set-variables',
  mode: 'sync',
  run: () => ({}),
};
