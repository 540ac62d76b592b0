import { badUserInput } from '../../../platform/errors';

/** Auditors think in local days; the trail stores instants. SQL groups days in this zone. */
export const LOCAL_TIME_ZONE = 'Asia/Shanghai';
// China has kept UTC+08:00 all year since 1991, so a fixed offset turns local dates into instants exactly.
const LOCAL_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** An interval of instants: start included, end excluded; an open side is undefined. */
export interface TimeRange {
  start?: Date;
  end?: Date;
}

/** Whole local days, both included, and the instants they span. */
export interface DayRange {
  firstDay: string;
  lastDay: string;
  start: Date;
  end: Date;
  days: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

type Bound = { kind: 'date'; day: string } | { kind: 'instant'; at: Date };

function parseBound(value: string, argument: string): Bound {
  const date = DATE.exec(value);
  if (date) {
    checkCalendarDate(+date[1], +date[2], +date[3], value, argument);
    return { kind: 'date', day: value };
  }
  const dateTime = DATE_TIME.exec(value);
  if (!dateTime) {
    throw badUserInput(
      `${argument} must be an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS[.sss]][Z|±HH:MM]), got ${JSON.stringify(value.slice(0, 40))}`,
      { argument },
    );
  }
  const [, y, mo, d, h, mi, s = '0', ms = '0', offset] = dateTime;
  checkCalendarDate(+y, +mo, +d, value, argument);
  if (+h > 23 || +mi > 59 || +s > 59) throw badUserInput(`${argument} has no such time of day: ${value}`, { argument });
  const offsetMs = offsetMillis(offset, value, argument);
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0')) - offsetMs;
  return { kind: 'instant', at: new Date(utc) };
}

function checkCalendarDate(year: number, month: number, day: number, value: string, argument: string): void {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw badUserInput(`${argument} is not a calendar date: ${value}`, { argument });
  }
}

/** No offset means local time: auditors type the times they read on local records. */
function offsetMillis(offset: string | undefined, value: string, argument: string): number {
  if (offset === undefined) return LOCAL_OFFSET_MS;
  if (offset === 'Z') return 0;
  const hours = +offset.slice(1, 3);
  const minutes = +offset.slice(4, 6);
  if (hours > 14 || minutes > 59) throw badUserInput(`${argument} has an impossible UTC offset: ${value}`, { argument });
  return (offset.startsWith('-') ? -1 : 1) * (hours * 3_600_000 + minutes * 60_000);
}

export function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - LOCAL_OFFSET_MS);
}

/** An instant in China Standard Time, ISO 8601 with its offset: 2026-04-01T10:00:00.000+08:00. */
export function chinaTimeIso(at: Date): string {
  return `${new Date(at.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

export function localDate(at: Date): string {
  return new Date(at.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * `from` and `to` as instants. A date `to` includes its whole local day; a date-time `to` includes
 * that instant (the trail keeps milliseconds, so "before to + 1 ms" is "at or before to").
 */
export function parseTimeRange(from: string | null | undefined, to: string | null | undefined, names = { from: 'from', to: 'to' }): TimeRange {
  const range: TimeRange = {};
  if (from !== null && from !== undefined) {
    const bound = parseBound(from, names.from);
    range.start = bound.kind === 'date' ? localMidnight(bound.day) : bound.at;
  }
  if (to !== null && to !== undefined) {
    const bound = parseBound(to, names.to);
    range.end = bound.kind === 'date' ? localMidnight(addDays(bound.day, 1)) : new Date(bound.at.getTime() + 1);
  }
  if (range.start && range.end && range.start >= range.end) {
    throw badUserInput(`${names.to} (${to}) is before ${names.from} (${from})`, { argument: names.to });
  }
  return range;
}

/** Two local dates, both included, at most `maxDays` apart. */
export function parseDayRange(from: string, to: string, maxDays: number): DayRange {
  for (const [argument, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (parseBound(value, argument).kind !== 'date') {
      throw badUserInput(`${argument} must be a date (YYYY-MM-DD): this answer is per local day`, { argument });
    }
  }
  if (to < from) throw badUserInput(`to (${to}) is before from (${from})`, { argument: 'to' });
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (days.length === maxDays) throw badUserInput(`from … to may span at most ${maxDays} days`, { argument: 'to' });
    days.push(day);
  }
  return { firstDay: from, lastDay: to, start: localMidnight(from), end: localMidnight(addDays(to, 1)), days };
}
