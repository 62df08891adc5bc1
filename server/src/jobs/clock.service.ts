/**
 * @deprecated The clock lives on the ground floor now: import from `server/src/time/clock.service.ts`.
 * Kept only for `server/src/demo/variant-demo.loader.ts`, which another change is rewriting; remove with it.
 */
export { ClockService } from '../time/clock.service.js';
export type { OwnClockListener } from '../time/clock.service.js';
