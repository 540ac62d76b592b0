import { badUserInput } from '../../../platform/errors';

/**
 * Checks of the filter arguments lists take. Enum arguments are checked by GraphQL itself; these are
 * the values a schema type cannot constrain: dates written as strings, ages, ranges that must not be
 * inverted. Each refusal is BAD_USER_INPUT naming the argument, raised before any statement runs.
 */

const FIRST_DATE = '1900-01-01';
const LAST_DATE = '2099-12-31';
/** Ages beyond this are no person's: the seeded and the real registers alike hold none past 130. */
export const MAX_AGE = 150;

function shown(value: string): string {
  return value.length > 40 ? `${JSON.stringify(value.slice(0, 40)).slice(0, -1)}…"` : JSON.stringify(value);
}

/** A calendar date argument (YYYY-MM-DD, a real day from 1900 to 2099) as UTC midnight, or undefined when absent. */
export function dateArgument(value: string | null | undefined, argument: string): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  const real = date !== undefined && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  if (!real || value < FIRST_DATE || value > LAST_DATE) {
    throw badUserInput(`${argument} must be a date YYYY-MM-DD from ${FIRST_DATE} to ${LAST_DATE}, got ${shown(value)}`, { argument });
  }
  return date;
}

/** An age in whole years (0 to MAX_AGE), or undefined when absent. */
export function ageArgument(value: number | null | undefined, argument: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_AGE) {
    throw badUserInput(`${argument} must be an age in whole years from 0 to ${MAX_AGE}, got ${value}`, { argument });
  }
  return value;
}

/** Refuses a range whose lower end lies above its upper end (it could only ever be empty). */
export function checkRange<T extends number | Date>(low: T | undefined, high: T | undefined, lowName: string, highName: string): void {
  if (low === undefined || high === undefined || low <= high) return;
  const show = (v: T) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  throw badUserInput(`${lowName} (${show(low)}) must not be after ${highName} (${show(high)})`, { argument: lowName });
}

/** Free text compared for equality (an industry name): not empty, no control characters, bounded. */
export function textArgument(value: string | null | undefined, argument: string, max = 100): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.trim() === '' || value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    throw badUserInput(`${argument} must be 1 to ${max} characters without control characters, got ${shown(value)}`, { argument });
  }
  return value;
}

/**
 * The birth-date bounds for an age range on a local date (YYYY-MM-DD): aged at least `min` means
 * born on or before the same day `min` years earlier; aged at most `max` means born after the same
 * day `max + 1` years earlier. A day the earlier year lacks (29 February) becomes that month's last
 * day, as PostgreSQL's date arithmetic and age() count it.
 */
export function birthDateBounds(today: string, min: number | undefined, max: number | undefined): { lte?: Date; gt?: Date } {
  const [y, m, d] = today.split('-').map(Number);
  const yearsAgo = (years: number) => {
    const lastDay = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
    return new Date(Date.UTC(y - years, m - 1, Math.min(d, lastDay)));
  };
  return {
    ...(min !== undefined ? { lte: yearsAgo(min) } : {}),
    ...(max !== undefined ? { gt: yearsAgo(max + 1) } : {}),
  };
}
