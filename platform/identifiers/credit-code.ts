/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015).
 *
 * Layout: registration authority (1) · organisation type (1) · division code (6 digits) · organisation code
 * (9, GB 11714) · check character. Characters come from 31 symbols: digits and upper-case letters without
 * I, O, Z, S, V, which read too much like 1, 0, 2, 5, U.
 *
 * Upper case only: the code is a key that other records join on, so "91449900ma…" is refused with a reason
 * rather than silently stored as a second spelling.
 */

export const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Registration authorities of GB 32100 table 1: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
 * 8 工会, 9 市场监管(工商), A 中央军委改革和编制办公室, N 农业, Y 其他. Letters other than A, N and Y name no
 * authority, so a code starting with one is a typo even though its check character may add up.
 * The organisation type (character 2) is only held to the character set: its meaning depends on the
 * authority and authorities add types over time.
 */
export const REGISTRATION_AUTHORITY_CODES = '123456789ANY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const NEVER_USED = new Set(['I', 'O', 'Z', 'S', 'V']);

export type CreditCodeValidation = { ok: true; divisionCode: string } | { ok: false; reason: string };

export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17 || [...first17].some((c) => !CREDIT_CODE_CHARACTERS.includes(c))) {
    throw new Error(`the check character is computed over 17 code characters, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARACTERS.indexOf(first17[i]) * WEIGHTS[i];
  return CREDIT_CODE_CHARACTERS[(31 - (sum % 31)) % 31];
}

export function validateCreditCode(value: string): CreditCodeValidation {
  if (value.length !== 18) return { ok: false, reason: `must be 18 characters, got ${value.length}` };

  for (let i = 0; i < 18; i++) {
    const reason = characterProblem(value[i], i + 1);
    if (reason) return { ok: false, reason };
  }

  const authority = value[0];
  if (!REGISTRATION_AUTHORITY_CODES.includes(authority)) {
    return { ok: false, reason: `character 1 '${authority}' is not a registration authority code (1-9, A, N, Y)` };
  }

  const divisionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    return { ok: false, reason: `characters 3-8 must be a division code of digits, got ${divisionCode}` };
  }

  const expected = creditCodeCheckCharacter(value.slice(0, 17));
  if (value[17] !== expected) return { ok: false, reason: `check character should be ${expected}, got ${value[17]}` };
  return { ok: true, divisionCode };
}

/** Appends the check character; throws when the first 17 characters are not code characters. */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckCharacter(first17);
}

function characterProblem(character: string, position: number): string | undefined {
  if (CREDIT_CODE_CHARACTERS.includes(character)) return undefined;
  if (NEVER_USED.has(character)) {
    return `character ${position} '${character}' is not allowed (I, O, Z, S, V are never used)`;
  }
  const upper = character.toUpperCase();
  if (upper !== character && CREDIT_CODE_CHARACTERS.includes(upper)) {
    return `character ${position} '${character}' must be upper case`;
  }
  return `character ${position} '${character}' is not allowed (only digits and upper-case letters other than I, O, Z, S, V)`;
}
