import { badUserInput } from '../errors';

/** Upper bounds on free text, so one report cannot carry a document (and a UI can lay it out). */
export const TITLE_MAX = 100;
export const TEXT_MAX = 2000;
export const ATTACHMENTS_MAX = 20;
const ATTACHMENT_MAX = 500;

/** Trimmed, non-empty, at most `max` characters (counted as Unicode code points). */
export function requiredText(value: string | null | undefined, field: string, max = TEXT_MAX): string {
  const text = (value ?? '').trim();
  if (!text) throw badUserInput(`${field} must not be empty`, { field });
  const length = [...text].length;
  if (length > max) throw badUserInput(`${field} is ${length} characters; at most ${max} are allowed`, { field });
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = TEXT_MAX): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}

/** Attachments are references (URIs into the city's file store), never the files themselves. */
export function attachmentList(values: readonly string[] | null | undefined): string[] {
  const list = values ?? [];
  if (list.length > ATTACHMENTS_MAX) throw badUserInput(`at most ${ATTACHMENTS_MAX} attachments, got ${list.length}`, { field: 'attachments' });
  return list.map((value, index) => {
    if (value.length > ATTACHMENT_MAX || !/^[a-z][a-z0-9+.-]*:\S+$/.test(value)) {
      throw badUserInput(`attachments[${index}] must be a URI of at most ${ATTACHMENT_MAX} characters`, { field: 'attachments' });
    }
    return value;
  });
}

export function wholeNumberInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(`${field} must be a whole number from ${min} to ${max}, got ${value}`, { field });
  }
  return value;
}
