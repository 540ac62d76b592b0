import { localDate } from './working-calendar';
import type { WorkingCalendar } from './working-calendar';

/**
 * Which years the holiday calendar must know now: the current (China) year, and from 1 December the
 * next one too, since a deadline set then (up to 30 working days plus a 10-day extension) ends in it.
 * A year missing from holidays.yaml would silently count its holidays as working days, so it is a
 * loud warning at start and in /ready's detail until someone adds it.
 */
export function requiredYears(now: Date): number[] {
  const [year, month] = localDate(now).split('-').map(Number) as [number, number];
  return month === 12 ? [year, year + 1] : [year];
}

export interface CalendarCoverage {
  coveredYears: number[];
  missingYears: number[];
  warning: string | null;
}

export function calendarCoverage(calendar: WorkingCalendar, now: Date): CalendarCoverage {
  const coveredYears = [...calendar.coveredYears];
  const missingYears = requiredYears(now).filter((year) => !coveredYears.includes(year));
  const warning = missingYears.length
    ? `holidays.yaml has no public holidays for ${missingYears.join(' and ')}: deadlines there count weekends only, so holidays count as working days. Add the State Council's schedule to subgraphs/kit/holidays.yaml.`
    : null;
  return { coveredYears, missingYears, warning };
}
