/**
 * Working-day arithmetic for event deadlines. Pure functions over instants.
 *
 * Model: a working day counts whole (24 h); weekends and public holidays count nothing, make-up
 * working days (调休) count although they fall on a weekend. "5 working days from Friday 10:00" is
 * therefore the following Friday 10:00, and a clock started on a Saturday starts on Monday 00:00.
 * Office hours are deliberately not modelled: the catalogues we follow state limits in working days,
 * and counting whole days keeps a deadline explainable to the department it binds.
 *
 * Days are China Standard Time (UTC+8 all year, no daylight saving), whatever the server's zone.
 */

export const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** Guards against a calendar that declares no working day at all. */
const MAX_DAYS_SCANNED = 3_660;

export interface WorkingCalendar {
  /** `day` is a local epoch day (days since 1970-01-01 in China Standard Time). */
  isWorkingDay(day: number): boolean;
  /** Years whose holidays are known; other years count weekends only. */
  coveredYears: readonly number[];
}

export interface CalendarSpec {
  /** Local dates (YYYY-MM-DD) off work although they may be weekdays. */
  holidays: Iterable<string>;
  /** Local dates worked although they fall on a weekend. */
  makeUpWorkdays: Iterable<string>;
  coveredYears?: readonly number[];
}

export function epochDayOfDate(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function localEpochDay(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The local (China) calendar date of an instant. */
export function localDate(instant: Date | number): string {
  return new Date(localEpochDay(instant) * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a local date begins (00:00 China Standard Time). */
export function startOfLocalDate(isoDate: string): Date {
  return new Date(epochDayOfDate(isoDate) * DAY_MS - CHINA_OFFSET_MS);
}

function isWeekend(day: number): boolean {
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday === 0 || weekday === 6;
}

export function createWorkingCalendar(spec: CalendarSpec): WorkingCalendar {
  const holidays = new Set([...spec.holidays].map(epochDayOfDate));
  const makeUp = new Set([...spec.makeUpWorkdays].map(epochDayOfDate));
  return {
    isWorkingDay: (day) => makeUp.has(day) || (!holidays.has(day) && !isWeekend(day)),
    coveredYears: spec.coveredYears ?? [],
  };
}

/** The instant at which `workingDays` (may be fractional) of working time have passed since `start`. */
export function addWorkingDays(calendar: WorkingCalendar, start: Date, workingDays: number): Date {
  if (!(workingDays >= 0)) throw new RangeError(`workingDays must be ≥ 0, got ${workingDays}`);
  let remaining = Math.round(workingDays * DAY_MS);
  let t = start.getTime();
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
    const day = localEpochDay(t);
    const dayEnd = (day + 1) * DAY_MS - CHINA_OFFSET_MS;
    if (calendar.isWorkingDay(day)) {
      const available = dayEnd - t;
      if (remaining <= available) return new Date(t + remaining);
      remaining -= available;
    }
    t = dayEnd;
  }
  throw new RangeError(`no end found within ${MAX_DAYS_SCANNED} days: does the calendar have working days?`);
}

/** The instant `workingDays` of working time before `end`: addWorkingDays run backwards. */
export function subtractWorkingDays(calendar: WorkingCalendar, end: Date, workingDays: number): Date {
  if (!(workingDays >= 0)) throw new RangeError(`workingDays must be ≥ 0, got ${workingDays}`);
  let remaining = Math.round(workingDays * DAY_MS);
  let t = end.getTime();
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
    // The day that the instant just before t belongs to.
    const day = localEpochDay(t - 1);
    const dayStart = day * DAY_MS - CHINA_OFFSET_MS;
    if (calendar.isWorkingDay(day)) {
      const available = t - dayStart;
      if (remaining <= available) return new Date(t - remaining);
      remaining -= available;
    }
    t = dayStart;
  }
  throw new RangeError(`no start found within ${MAX_DAYS_SCANNED} days: does the calendar have working days?`);
}

/** Working time from `start` to `end` in working days (fractional); negative when `end` is earlier. */
export function workingDaysBetween(calendar: WorkingCalendar, start: Date, end: Date): number {
  if (end.getTime() < start.getTime()) return -workingDaysBetween(calendar, end, start);
  let total = 0;
  let t = start.getTime();
  const stop = end.getTime();
  while (t < stop) {
    const day = localEpochDay(t);
    const dayEnd = Math.min((day + 1) * DAY_MS - CHINA_OFFSET_MS, stop);
    if (calendar.isWorkingDay(day)) total += dayEnd - t;
    t = dayEnd;
  }
  return total / DAY_MS;
}
