/**
 * Values as clerks type them into registers, read into the forms the records keep. Each reader
 * answers null for what it cannot read; the caller names the field in its rejection.
 */

/** 1985-03-02, 1985/3/2, 1985.3.2, 19850302, 1985年3月2日 → 1985-03-02 (a real date), else null. */
export function readClerkDate(text: string | null | undefined): string | null {
  const value = (text ?? '').trim();
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!parts) return null;
  const iso = `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

const GENDER_WORDS: Record<string, 'MALE' | 'FEMALE'> = {
  男: 'MALE',
  女: 'FEMALE',
  MALE: 'MALE',
  FEMALE: 'FEMALE',
  M: 'MALE',
  F: 'FEMALE',
  '1': 'MALE',
  '2': 'FEMALE',
};

/** 男/女, MALE/FEMALE, M/F, or the national standard's 1/2 (GB/T 2261.1). */
export function readGender(text: string | null | undefined): 'MALE' | 'FEMALE' | null {
  return GENDER_WORDS[(text ?? '').trim().toUpperCase()] ?? null;
}

/** Empty cells, and cells of spaces, are absent values. */
export function cell(text: string | null | undefined): string | null {
  const value = (text ?? '').trim();
  return value === '' ? null : value;
}

/** Full-width digits and letters (１２３Ａ) as half-width, as ID numbers and codes are stored. */
export function halfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
