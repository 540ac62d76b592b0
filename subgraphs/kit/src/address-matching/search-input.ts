import { badUserInput } from '../../../../platform/errors';
import type { GeoPoint } from './types';

/** Enough for the longest real address with building, unit and room, and short of a pasted document. */
export const ADDRESS_TEXT_MAX = 200;
export const SEARCH_FIRST_MAX = 50;

// Control characters (NUL above all, which PostgreSQL refuses) and half surrogate pairs mean a
// client sent something other than typed text: refused, naming the argument.
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `field` names the argument or input field in the error (addressSearch's `text`, reportEvent's `addressText`). */
export function checkAddressText(value: string, field = 'text'): string {
  const text = value.trim();
  if (!text) throw badUserInput(`${field} must not be empty`, { field });
  const length = [...text].length;
  if (length > ADDRESS_TEXT_MAX) throw badUserInput(`${field} is ${length} characters; at most ${ADDRESS_TEXT_MAX} are allowed`, { field });
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    throw badUserInput(`${field} must not contain control characters (U+${code}${code === '0000' ? ', NUL' : ''})`, { field });
  }
  if (LONE_SURROGATE.test(text)) throw badUserInput(`${field} is not well-formed Unicode (half a surrogate pair)`, { field });
  return text;
}

export function checkFirst(first: number | null | undefined): number {
  const value = first ?? 10;
  if (!Number.isInteger(value) || value < 1 || value > SEARCH_FIRST_MAX) {
    throw badUserInput(`first must be between 1 and ${SEARCH_FIRST_MAX}, got ${value}`, { field: 'first' });
  }
  return value;
}

export function checkNear(near: GeoPoint | null | undefined): GeoPoint | undefined {
  if (!near) return undefined;
  if (!Number.isFinite(near.longitude) || near.longitude < -180 || near.longitude > 180) {
    throw badUserInput(`near.longitude must be between -180 and 180, got ${near.longitude}`, { field: 'near.longitude' });
  }
  if (!Number.isFinite(near.latitude) || near.latitude < -90 || near.latitude > 90) {
    throw badUserInput(`near.latitude must be between -90 and 90, got ${near.latitude}`, { field: 'near.latitude' });
  }
  return near;
}
