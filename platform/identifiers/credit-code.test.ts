import { creditCodeCheckCharacter, makeCreditCode, validateCreditCode } from './credit-code';

// 91449900MA4W2B7C0: the character values 9 1 4 4 9 9 0 0 21 10 4 28 2 11 7 12 0 times the weights
// 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 sum to 2445; 2445 mod 31 = 27; 31 - 27 = 4 → "4".
const KNOWN_VALID = '91449900MA4W2B7C04';

function reasonFor(value: string): string {
  const result = validateCreditCode(value);
  if (result.ok) throw new Error(`${value} unexpectedly validated`);
  return result.reason;
}

describe('creditCodeCheckCharacter', () => {
  it('matches the hand-computed check character', () => {
    expect(creditCodeCheckCharacter('91449900MA4W2B7C0')).toBe('4');
  });

  it('maps a remainder of 0 to the character 0, not to index 31', () => {
    // Adjusting the last character walks the sum through every remainder, one of which must be 0.
    const checks = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].map((c) => creditCodeCheckCharacter(`91449900MA4W2B7C${c}`));
    expect(checks).toContain('0');
    expect(new Set(checks).size).toBe(31);
  });

  it('refuses anything but 17 code characters', () => {
    expect(() => creditCodeCheckCharacter('91449900MA4W2B7C')).toThrow(/17 code characters/);
    expect(() => creditCodeCheckCharacter('91449900MA4W2B7CI')).toThrow(/17 code characters/);
  });
});

describe('validateCreditCode', () => {
  it('accepts a valid code and reads its division code', () => {
    expect(validateCreditCode(KNOWN_VALID)).toEqual({ ok: true, divisionCode: '449900' });
  });

  it('says what length it got', () => {
    expect(reasonFor(KNOWN_VALID.slice(0, 17))).toBe('must be 18 characters, got 17');
  });

  it('names the position of a letter that is never used', () => {
    expect(reasonFor('9144I900MA4W2B7C04')).toBe("character 5 'I' is not allowed (I, O, Z, S, V are never used)");
    expect(reasonFor('91449900MA4W2B7CO4')).toBe("character 17 'O' is not allowed (I, O, Z, S, V are never used)");
  });

  it('refuses lower case and other characters', () => {
    expect(reasonFor('91449900ma4W2B7C04')).toBe("character 9 'm' must be upper case");
    expect(reasonFor('91449900MA4W2B7C-4')).toBe("character 17 '-' is not allowed (only digits and upper-case letters other than I, O, Z, S, V)");
  });

  it('refuses a first character that names no registration authority', () => {
    expect(reasonFor(makeCreditCode('B1449900MA4W2B7C0'))).toBe("character 1 'B' is not a registration authority code (1-9, A, N, Y)");
    expect(reasonFor(makeCreditCode('01449900MA4W2B7C0'))).toContain("character 1 '0'");
  });

  it('accepts every registration authority of the standard', () => {
    for (const authority of '123456789ANY') {
      expect(validateCreditCode(makeCreditCode(`${authority}1449900MA4W2B7C0`)).ok).toBe(true);
    }
  });

  it('refuses a division code with letters', () => {
    expect(reasonFor(makeCreditCode('9144A900MA4W2B7C0'))).toBe('characters 3-8 must be a division code of digits, got 44A900');
  });

  it('names the expected and the actual check character', () => {
    expect(reasonFor('91449900MA4W2B7C03')).toBe('check character should be 4, got 3');
  });
});

describe('makeCreditCode', () => {
  it('builds the hand-computed code and round-trips through validation', () => {
    expect(makeCreditCode('91449900MA4W2B7C0')).toBe(KNOWN_VALID);
    for (const first17 of ['92449900MA4X0000X', '12449900455123456', '51449900MJ0000011', 'Y1449900000000000']) {
      const code = makeCreditCode(first17);
      expect(code.slice(0, 17)).toBe(first17);
      expect(validateCreditCode(code)).toEqual({ ok: true, divisionCode: '449900' });
    }
  });

  it('throws on characters outside the set', () => {
    expect(() => makeCreditCode('91449900MA4W2B7CZ')).toThrow(/17 code characters/);
  });
});
