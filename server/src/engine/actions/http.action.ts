import type { ActionHandler } from './action.types.js';

/**
 * `http`: asynchronous; the engine creates an action job whose input is the evaluated headers
 * (`url`, `method`, …) plus the task's input-mapped variables (e.g. `body`); the outer layer performs
 * the call and reports back with `completeJob` (response variables) or `failJob`.
 */
export const httpAction: ActionHandler = { type: 'http', mode: 'async' };
