import type { WorkingCalendar } from '../feel/feel-evaluator.js';

/** Per-command context: engine time, the tenant's time zone and calendar, and who acts. */
export interface CommandContext {
  /** Engine time (never the machine clock). */
  now: Date;
  /** IANA time zone of the tenant, e.g. `Asia/Kamchatka`. */
  timeZone: string;
  calendar: WorkingCalendar;
  userId?: string;
  tenant?: string;
}
