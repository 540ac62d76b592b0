/**
 * Resident identity card numbers (公民身份号码, GB 11643-1999).
 *
 * Layout: 6-digit division code (GB/T 2260) · 8-digit birth date YYYYMMDD · 3-digit sequence (odd = male)
 * · check character (ISO 7064 MOD 11-2).
 *
 * Foreign permanent-residence ID numbers (外国人永久居留身份证, the 2023 card) share the layout, the
 * birth date, the sex digit and the check character, and are accepted too: "9", the 2-digit code of
 * the province that issued the card, the nationality's 3-digit ISO 3166-1 numeric code, then as above.
 * Foreign residents are on the same registers and are looked up by that number.
 *
 * A lowercase "x" is accepted and normalised to "X": people type it that way, the standard's X is the Roman
 * numeral ten rather than a letter with a case, and rejecting it would only push callers to uppercase first.
 */

/** First two digits of every province-level division in GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
/** Nobody alive was born earlier; an earlier year is a typo, not a person. */
const EARLIEST_BIRTH_YEAR = 1900;

export type ResidentIdValidation =
  | {
      ok: true;
      /** The number as it should be stored: a lowercase x becomes X. */
      normalized: string;
      birthDate: string;
      gender: 'MALE' | 'FEMALE';
      /** The first six characters: the issuing division, or for a foreigner 9 + province + nationality. */
      divisionCode: string;
      kind: 'resident' | 'foreign-permanent-resident';
    }
  | { ok: false; reason: string };

export interface ResidentIdOptions {
  /** The date ('YYYY-MM-DD') after which a birth date counts as in the future; defaults to today (UTC). */
  today?: string;
}

export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new Error(`the check character is computed over 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

export function validateResidentIdNumber(value: string, options: ResidentIdOptions = {}): ResidentIdValidation {
  if (value.length !== 18) return { ok: false, reason: `must be 18 characters, got ${value.length}` };
  const normalized = value.endsWith('x') ? `${value.slice(0, 17)}X` : value;
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    return { ok: false, reason: 'characters 1-17 must be digits and the last a digit or X' };
  }

  const divisionCode = normalized.slice(0, 6);
  const foreign = divisionCode.startsWith('9');
  if (foreign) {
    // Issued by mainland provinces only: Taiwan, Hong Kong and Macao issue no such cards.
    const province = divisionCode.slice(1, 3);
    if (!PROVINCE_CODES.has(province) || Number(province) >= 71) {
      return { ok: false, reason: `a foreign permanent-residence number's characters 2-3 must be an issuing province, got ${province}` };
    }
    if (divisionCode.slice(3, 6) === '000')
      return { ok: false, reason: "a foreign permanent-residence number's characters 4-6 must be a nationality code, got 000" };
  } else if (!PROVINCE_CODES.has(divisionCode.slice(0, 2))) {
    return { ok: false, reason: `division code ${divisionCode} names no province` };
  }

  const compactBirthDate = normalized.slice(6, 14);
  const birthDate = `${compactBirthDate.slice(0, 4)}-${compactBirthDate.slice(4, 6)}-${compactBirthDate.slice(6, 8)}`;
  if (!isRealDate(birthDate)) return { ok: false, reason: `birth date ${compactBirthDate} is not a real date` };
  if (Number(compactBirthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    return { ok: false, reason: `birth date ${compactBirthDate} is before ${EARLIEST_BIRTH_YEAR}` };
  }
  // ISO dates compare correctly as strings.
  if (birthDate > (options.today ?? new Date().toISOString().slice(0, 10))) {
    return { ok: false, reason: 'birth date is in the future' };
  }

  const expected = residentIdCheckCharacter(normalized.slice(0, 17));
  const actual = normalized[17];
  if (actual !== expected) return { ok: false, reason: `check character should be ${expected}, got ${actual}` };

  const sequence = Number(normalized.slice(14, 17));
  return {
    ok: true,
    normalized,
    birthDate,
    gender: sequence % 2 === 1 ? 'MALE' : 'FEMALE',
    divisionCode,
    kind: foreign ? 'foreign-permanent-resident' : 'resident',
  };
}

/** Builds a valid number; throws on inputs that could never make one, since callers pass generated values. */
export function makeResidentIdNumber(divisionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new Error(`division code must be 6 digits, got ${JSON.stringify(divisionCode)}`);
  if (!isRealDate(birthDate)) throw new Error(`birth date must be a real date YYYY-MM-DD, got ${JSON.stringify(birthDate)}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new Error(`sequence must be an integer 0-999, got ${sequence}`);
  }
  const first17 = `${divisionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

function isRealDate(isoDate: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}
