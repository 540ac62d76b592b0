import { localDate } from '../calendar/working-calendar';
import { validateCreditCode } from '../../../../platform/identifiers/credit-code';
import { validateGridCode } from '../../../../platform/identifiers/grid-code';
import { badUserInput } from '../../../../platform/errors';

/**
 * Input checks of base-data writes: each refusal is BAD_USER_INPUT naming the field by its path in
 * the input (`change.movedInOn`), so a form can put the message beside the right box.
 */

export const PERSON_ID = /^P\d{9}$/;
/** A house code is its building's code (address + 2 digits) plus floor and room (4 digits); the first 15 digits are its grid. */
export const HOUSE_CODE = /^\d{25}$/;

export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A business date YYYY-MM-DD that exists and is not after today in China (a future move-in is not a fact yet). */
export function checkDate(value: unknown, field: string, now: Date): string {
  const text = typeof value === 'string' ? value : '';
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
    throw badUserInput(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`, { field });
  }
  if (text < '1900-01-01') throw badUserInput(`${field} ${text} is before 1900`, { field });
  if (text > localDate(now)) throw badUserInput(`${field} ${text} lies in the future (today is ${localDate(now)} in China)`, { field });
  return text;
}

export function checkText(value: unknown, field: string, max = 100): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw badUserInput(`${field} must be text of 1-${max} characters`, { field });
  }
  return value.trim();
}

export function checkEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw badUserInput(`${field} must be one of ${allowed.join(', ')}`, { field });
  return value as T;
}

/** Mainland mobile numbers (11 digits from 13x-19x) or a landline with area code. */
export function checkPhone(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.replace(/[\s-]/g, '') : '';
  if (!/^1[3-9]\d{9}$/.test(text) && !/^0\d{9,11}$/.test(text)) {
    throw badUserInput(`${field} must be a mobile number (11 digits from 13x to 19x) or a landline with its area code`, { field });
  }
  return text;
}

export function checkPersonId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !PERSON_ID.test(value)) throw badUserInput(`${field} must be a person id (P and 9 digits)`, { field });
  return value;
}

/** A house code whose first 15 digits are a valid grid code: the grid it lies in. */
export function checkHouseCode(value: unknown, field: string): { code: string; gridCode: string } {
  const code = typeof value === 'string' ? value : '';
  const grid = HOUSE_CODE.test(code) ? validateGridCode(code.slice(0, 15)) : undefined;
  if (!grid?.ok || grid.level !== 'GRID') throw badUserInput(`${field} must be a house code: 25 digits, the first 15 its grid's code`, { field });
  return { code, gridCode: code.slice(0, 15) };
}

export function checkCreditCode(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.toUpperCase() : '';
  const checked = validateCreditCode(text);
  if (!checked.ok) throw badUserInput(`${field} is not a unified social credit code (GB 32100): ${checked.reason}`, { field });
  return text;
}
