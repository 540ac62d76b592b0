import { MASKS } from '../../../../access-policies/runtime/masks';

/**
 * How a rejected or held-back value appears in the import's answer and reject report: never raw,
 * whoever reads the report (it is a file that travels). The masks are the policies' own
 * (access-policies/runtime/masks.ts); a value that does not have its field's form (a mistyped ID
 * number) is masked all the same, by its length.
 */
export type ReportedKind = 'id-number' | 'credit-code' | 'name' | 'phone' | 'date' | 'address' | 'code' | 'text';

export function maskForReport(kind: ReportedKind, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'id-number':
      return value.length > 10 ? String(MASKS['id-number'](value)) : '*'.repeat(value.length);
    case 'credit-code':
      // Registration authority and division (the first eight) are public facts of a company; the rest is its number.
      return value.length > 8 ? `${value.slice(0, 8)}${'*'.repeat(value.length - 8)}` : '*'.repeat(value.length);
    case 'name':
      return String(MASKS.name(value));
    case 'phone':
      return String(MASKS.phone(value));
    case 'date':
      return /^\d{4}/.test(value) ? `${value.slice(0, 4)}${value.slice(4).replace(/\d/g, '*')}` : '*'.repeat(value.length);
    case 'address':
      return String(MASKS.address(value));
    case 'code':
      return value;
    case 'text':
      return value.length > 2 ? `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 2, 10))}` : '**';
  }
}
