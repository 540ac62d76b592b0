import { DEPARTMENT_IDS, DepartmentId, isDepartmentId } from '../catalogue/departments';
import { badUserInput } from '../errors';

/** Upper bounds on free text, so one report cannot carry a document (and a UI can lay it out). */
export const TITLE_MAX = 100;
export const TEXT_MAX = 2000;
export const ATTACHMENTS_MAX = 20;
export const ATTACHMENT_MAX = 500;

/** C0 controls other than tab, newline and carriage return, and DEL: PostgreSQL refuses NUL outright. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Half a surrogate pair: not a character; encoders would silently replace it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Trimmed, non-empty, at most `max` characters (counted as Unicode code points), nothing unprintable. */
export function requiredText(value: string | null | undefined, field: string, max = TEXT_MAX): string {
  const text = (value ?? '').trim();
  if (!text) throw badUserInput(`${field} must not be empty`, { field });
  const length = [...text].length;
  if (length > max) throw badUserInput(`${field} is ${length} characters; at most ${max} are allowed`, { field });
  if (CONTROL.test(text)) throw badUserInput(`${field} must not contain control characters (tab and line breaks are fine)`, { field });
  if (LONE_SURROGATE.test(text)) throw badUserInput(`${field} is not well-formed Unicode (half a surrogate pair)`, { field });
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = TEXT_MAX): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}

/**
 * Attachments are references to photos and documents, never the files themselves. gridshare has no
 * file store of its own, so a reference is an https URL into the city's evidence store, checked by
 * the WHATWG URL parser (the one browsers use): https only, no user name or password, at most
 * ATTACHMENT_MAX characters, stored in the parser's normal form so what is shown is what was checked.
 * Anything else (`javascript:`, `data:`, `http:`, bare names) would be a script or a leak in the
 * hands of whoever opens it.
 */
export function attachmentList(values: readonly string[] | null | undefined): string[] {
  const list = values ?? [];
  if (list.length > ATTACHMENTS_MAX) throw badUserInput(`at most ${ATTACHMENTS_MAX} attachments, got ${list.length}`, { field: 'attachments' });
  return list.map((value, index) => attachmentUrl(value, `attachments[${index}]`));
}

function attachmentUrl(value: string, name: string): string {
  const refuse = (problem: string) => badUserInput(`${name} ${problem}`, { field: 'attachments' });
  if (value.length > ATTACHMENT_MAX) throw refuse(`is ${value.length} characters; at most ${ATTACHMENT_MAX} are allowed`);
  // The parser drops tabs and newlines anywhere and trims spaces: refuse them rather than store a different URL.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) throw refuse('must not contain spaces or control characters');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('must be an https URL (https://host/path)');
  }
  if (url.protocol !== 'https:') throw refuse(`must be an https URL; ${url.protocol} is not accepted`);
  if (url.username !== '' || url.password !== '') throw refuse('must not carry a user name or password');
  if (url.href.length > ATTACHMENT_MAX) throw refuse(`is ${url.href.length} characters once normalized; at most ${ATTACHMENT_MAX} are allowed`);
  return url.href;
}

/** A caller's value as an error message shows it: quoted, and cut short so an error never echoes a document. */
export function quoted(value: string, max = 40): string {
  return JSON.stringify([...value].length > max ? `${[...value].slice(0, max).join('')}…` : value);
}

/** A department id of the workflow, or the caller's error listing them. */
export function checkedDepartment(value: string, name: string, extension: 'argument' | 'field'): DepartmentId {
  if (isDepartmentId(value)) return value;
  throw badUserInput(`${name} must be one of ${DEPARTMENT_IDS.join(', ')}, got ${quoted(value)}`, { [extension]: name });
}

/** Grid codes are 6, 12 or 15 digits: anything longer is refused before it is parsed or echoed. */
export function checkGridCodeLength(value: string, name: string, extension: 'argument' | 'field'): void {
  if (value.length > 15) {
    throw badUserInput(`${name} must be a grid code of 6, 12 or 15 digits, got ${value.length} characters`, { [extension]: name });
  }
}

export function wholeNumberInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(`${field} must be a whole number from ${min} to ${max}, got ${value}`, { field });
  }
  return value;
}
