import type { FeelLimits, WorkingCalendar } from '../feel/feel-evaluator.js';

/** Per-command context: engine time, the tenant's time zone and calendar, and who acts. */
export interface CommandContext {
  /** Engine time (never the machine clock). */
  now: Date;
  /** IANA time zone of the tenant, e.g. `Asia/Kamchatka`. */
  timeZone: string;
  calendar: WorkingCalendar;
  userId?: string;
  tenant?: string;
  /** Bounds of FEEL evaluation (the engine sets them from its options; defaults when absent). */
  feelLimits?: FeelLimits;
}
