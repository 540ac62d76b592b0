/**
 * The generated city is a snapshot taken on one fixed day, so ages, tags and "moved in" dates do not drift
 * with the clock and the same seed gives the same bytes next year. The day lies in the past, so the
 * identifier validators (which refuse future birth dates) accept every generated birth date.
 */
export const SNAPSHOT_DATE = '2026-06-30';

const DAY_MS = 86_400_000;

export function toEpochDay(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const SNAPSHOT_DAY = toEpochDay(SNAPSHOT_DATE);
export const SNAPSHOT_YEAR = Number(SNAPSHOT_DATE.slice(0, 4));

/** Completed years of age on `onDate`. */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export function addYears(isoDate: string, years: number): string {
  const year = Number(isoDate.slice(0, 4)) + years;
  // 29 February becomes 28 February in a common year.
  const monthDay = isoDate.slice(5) === '02-29' && !isLeapYear(year) ? '02-28' : isoDate.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
