import fs from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { WorkingCalendar } from '../../engine/feel/feel-evaluator.js';

/**
 * A production calendar as a data file (`processes/calendars/<name>.json`): the weekdays that are
 * days off (1 = Monday … 7 = Sunday), the public holidays and bridge days off, and the weekend
 * days that are working days by decree (transfers).
 */
export interface CalendarFile {
  name: string;
  description?: string;
  weekend: number[];
  holidays: string[];
  workingWeekends?: string[];
}

/** A working-day calendar built from a {@link CalendarFile}. */
export class FileCalendar implements WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly working: Set<string>;
  private readonly weekend: Set<number>;

  constructor(readonly file: CalendarFile) {
    this.holidays = new Set(file.holidays);
    this.working = new Set(file.workingWeekends ?? []);
    this.weekend = new Set(file.weekend);
  }

  isWorkingDay(isoDate: string): boolean {
    if (this.working.has(isoDate)) return true;
    if (this.holidays.has(isoDate)) return false;
    // ISO weekday (1 = Monday … 7 = Sunday) of the civil date, without a zone
    const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay() || 7;
    return !this.weekend.has(weekday);
  }
}

/** Saturday and Sunday off, no holidays: the calendar of a variant that names none. */
export const DEFAULT_CALENDAR = new FileCalendar({ name: 'default', weekend: [6, 7], holidays: [] });

/**
 * The production calendars, read from `PROCESSES_DIR/calendars/*.json` at start and on
 * {@link CalendarService.reload}: updating a calendar is a data change, not a release.
 */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger('Calendars');
  private calendars = new Map<string, FileCalendar>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.reload();
  }

  /** Reads every calendar file again; a broken file is reported and skipped. */
  reload(): void {
    const dir = path.join(this.config.processesDir, 'calendars');
    const next = new Map<string, FileCalendar>();
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        try {
          const file = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CalendarFile;
          const problem = validateCalendar(file);
          if (problem) throw new Error(problem);
          next.set(file.name, new FileCalendar(file));
        } catch (e) {
          this.logger.error(`calendar ${f} skipped: ${(e as Error).message}`);
        }
      }
    }
    this.calendars = next;
  }

  /** The named calendar, or the default (weekends only) when unnamed. Unknown names throw. */
  get(name?: string): WorkingCalendar {
    if (!name) return DEFAULT_CALENDAR;
    const c = this.calendars.get(name);
    if (!c) throw new Error(`working-day calendar "${name}" not found in ${path.join(this.config.processesDir, 'calendars')}`);
    return c;
  }

  names(): string[] {
    return [...this.calendars.keys()];
  }
}

/** Checks a calendar file's shape; returns a message naming the first problem, or null. */
export function validateCalendar(file: CalendarFile): string | null {
  if (!file || typeof file.name !== 'string' || !file.name) return 'name is missing';
  if (!Array.isArray(file.weekend) || file.weekend.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    return 'weekend must list weekdays 1 (Monday) to 7 (Sunday)';
  }
  for (const key of ['holidays', 'workingWeekends'] as const) {
    const list = file[key] ?? [];
    if (!Array.isArray(list)) return `${key} must be a list of dates`;
    const bad = list.find((d) => !DateTime.fromISO(d).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (bad !== undefined) return `${key}: "${bad}" is not a date YYYY-MM-DD`;
  }
  return null;
}
