import { makeResidentIdNumber, residentIdCheckCharacter, validateResidentIdNumber } from './resident-id';

// 449900 19850312 123: the digits times the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 are
// 28 36 90 45 0 0 2 9 48 15 0 27 10 10 8 8 6, summing to 342; 342 mod 11 = 1, and "10X98765432"[1] = "0".
const KNOWN_VALID = '449900198503121230';
// The example printed in GB 11643 itself: sum 167, 167 mod 11 = 2 → "X".
const STANDARD_EXAMPLE = '11010519491231002X';
const TODAY = '2026-01-01';

function reasonFor(value: string): string {
  const result = validateResidentIdNumber(value, { today: TODAY });
  if (result.ok) throw new Error(`${value} unexpectedly validated`);
  return result.reason;
}

describe('residentIdCheckCharacter', () => {
  it('matches the hand-computed check characters', () => {
    expect(residentIdCheckCharacter('44990019850312123')).toBe('0');
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => residentIdCheckCharacter('4499001985031212')).toThrow(/17 digits/);
    expect(() => residentIdCheckCharacter('4499001985031212A')).toThrow(/17 digits/);
  });
});

describe('validateResidentIdNumber', () => {
  it('accepts a valid number and reads birth date, gender and division from it', () => {
    expect(validateResidentIdNumber(KNOWN_VALID, { today: TODAY })).toEqual({
      ok: true,
      normalized: KNOWN_VALID,
      birthDate: '1985-03-12',
      gender: 'MALE',
      divisionCode: '449900',
      kind: 'resident',
    });
    expect(validateResidentIdNumber(STANDARD_EXAMPLE, { today: TODAY })).toMatchObject({ ok: true, gender: 'FEMALE' });
  });

  // 9 · 44 (Guangdong issued it) · 704 (Viet Nam) · 19900115 · 002: products 63 36 40 35 0 16 2 9 54 0 0
  // 9 10 25 0 0 4 sum to 303; 303 mod 11 = 6, and "10X98765432"[6] = "6".
  it('accepts a foreign permanent-residence number (2023 card) and reads it like a resident ID', () => {
    expect(validateResidentIdNumber('944704199001150026', { today: TODAY })).toEqual({
      ok: true,
      normalized: '944704199001150026',
      birthDate: '1990-01-15',
      gender: 'FEMALE',
      divisionCode: '944704',
      kind: 'foreign-permanent-resident',
    });
    expect(reasonFor('944704199001150027')).toBe('check character should be 6, got 7');
    // Only mainland provinces issue the card, and a nationality code is never 000.
    expect(reasonFor(makeResidentIdNumber('981704', '1990-01-15', 2))).toMatch(/characters 2-3 must be an issuing province, got 81/);
    expect(reasonFor(makeResidentIdNumber('999704', '1990-01-15', 2))).toMatch(/characters 2-3 must be an issuing province, got 99/);
    expect(reasonFor(makeResidentIdNumber('944000', '1990-01-15', 2))).toMatch(/nationality code, got 000/);
  });

  it('accepts a lowercase x and normalises it', () => {
    expect(validateResidentIdNumber(STANDARD_EXAMPLE.toLowerCase(), { today: TODAY })).toMatchObject({
      ok: true,
      normalized: STANDARD_EXAMPLE,
    });
  });

  it('says what length it got', () => {
    expect(reasonFor(KNOWN_VALID.slice(0, 17))).toBe('must be 18 characters, got 17');
    expect(reasonFor(`${KNOWN_VALID}0`)).toBe('must be 18 characters, got 19');
    expect(reasonFor('')).toBe('must be 18 characters, got 0');
  });

  it('refuses letters, and an X anywhere but last', () => {
    expect(reasonFor('4499001985031212A0')).toBe('characters 1-17 must be digits and the last a digit or X');
    expect(reasonFor('X49900198503121230')).toBe('characters 1-17 must be digits and the last a digit or X');
    expect(reasonFor('44990019850312123Y')).toBe('characters 1-17 must be digits and the last a digit or X');
  });

  it('refuses a division code outside every province', () => {
    // (A leading 9 is a foreign permanent-residence number, refused by its own rules below.)
    const first17 = '89010119850312123';
    expect(reasonFor(first17 + residentIdCheckCharacter(first17))).toBe('division code 890101 names no province');
  });

  it('refuses dates that do not exist', () => {
    expect(reasonFor(makeFirst17AndCheck('449900', '19990231', '123'))).toBe('birth date 19990231 is not a real date');
    expect(reasonFor(makeFirst17AndCheck('449900', '19991301', '123'))).toBe('birth date 19991301 is not a real date');
    expect(reasonFor(makeFirst17AndCheck('449900', '19000229', '123'))).toBe('birth date 19000229 is not a real date');
    expect(reasonFor(makeFirst17AndCheck('449900', '18991231', '123'))).toBe('birth date 18991231 is before 1900');
  });

  it('accepts 29 February in a leap year', () => {
    expect(validateResidentIdNumber(makeFirst17AndCheck('430100', '20000229', '004'), { today: TODAY }).ok).toBe(true);
  });

  it('refuses a birth date after today', () => {
    expect(reasonFor(makeFirst17AndCheck('449900', '20260102', '123'))).toBe('birth date is in the future');
    expect(validateResidentIdNumber(makeFirst17AndCheck('449900', '20260101', '123'), { today: TODAY }).ok).toBe(true);
  });

  it('names the expected and the actual check character', () => {
    expect(reasonFor('449900198503121233')).toBe('check character should be 0, got 3');
    expect(reasonFor('110105194912310027')).toBe('check character should be X, got 7');
  });
});

describe('makeResidentIdNumber', () => {
  it('builds the hand-computed number', () => {
    expect(makeResidentIdNumber('449900', '1985-03-12', 123)).toBe(KNOWN_VALID);
  });

  it('round-trips through validation, with the gender following the sequence parity', () => {
    for (const [sequence, gender] of [
      [0, 'FEMALE'],
      [1, 'MALE'],
      [998, 'FEMALE'],
      [999, 'MALE'],
    ] as const) {
      const idNumber = makeResidentIdNumber('510100', '2001-07-09', sequence);
      expect(validateResidentIdNumber(idNumber, { today: TODAY })).toEqual({
        ok: true,
        normalized: idNumber,
        birthDate: '2001-07-09',
        gender,
        divisionCode: '510100',
        kind: 'resident',
      });
    }
  });

  it('throws on inputs that cannot make a number', () => {
    expect(() => makeResidentIdNumber('44990', '1985-03-12', 1)).toThrow(/division code/);
    expect(() => makeResidentIdNumber('449900', '1985-02-30', 1)).toThrow(/birth date/);
    expect(() => makeResidentIdNumber('449900', '19850312', 1)).toThrow(/birth date/);
    expect(() => makeResidentIdNumber('449900', '1985-03-12', 1000)).toThrow(/sequence/);
    expect(() => makeResidentIdNumber('449900', '1985-03-12', 1.5)).toThrow(/sequence/);
  });
});

function makeFirst17AndCheck(division: string, compactDate: string, sequence: string): string {
  const first17 = division + compactDate + sequence;
  return first17 + residentIdCheckCharacter(first17);
}
