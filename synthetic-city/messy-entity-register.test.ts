import { validateCreditCode } from '../platform/identifiers/credit-code';
import { readClerkDate } from '../subgraphs/kit/src/imports/clerk-values';
import { ENTITY_REGISTER_HEADER, generateMessyEntityRegister } from './messy-entity-register';

describe('the messy business register', () => {
  const options = { scale: 'tiny' as const, seed: 7, rows: 60, rates: { duplicate: 0.15, invalidCreditCode: 0.15, unknownEntity: 0.15 } };
  const register = generateMessyEntityRegister(options);

  it('is the same for the same options, every row as wide as the header, one truth per row', () => {
    expect(generateMessyEntityRegister(options).rows).toEqual(register.rows);
    expect(register.rows).toHaveLength(60);
    expect(register.truth.map((t) => t.row)).toEqual(register.rows.map((r) => Number(r[0])));
    for (const r of register.rows) expect(r).toHaveLength(ENTITY_REGISTER_HEADER.length);
  });

  it('damages credit codes, repeats rows and names unknown entities as its truth says', () => {
    const kinds = new Set(register.truth.map((t) => t.kind));
    expect([...kinds].sort()).toEqual(['DUPLICATE', 'ENTITY', 'UNKNOWN_ENTITY']);
    register.truth.forEach((t, i) => {
      const code = register.rows[i]![1]!;
      expect(validateCreditCode(code).ok).toBe(t.creditCodeDefect === null);
      if (t.kind === 'ENTITY' && t.creditCodeDefect === null) expect(code).toBe(t.uscc);
      if (t.kind === 'UNKNOWN_ENTITY') expect(t.uscc).toBeNull();
      expect(readClerkDate(register.rows[i]![4])).not.toBeNull();
    });
    expect(register.truth.some((t) => t.creditCodeDefect !== null)).toBe(true);
  });
});
