import { validateCreditCode } from '../platform/identifiers/credit-code';
import { validateResidentIdNumber } from '../platform/identifiers/resident-id';
import { generateCity } from './index';
import { DEFAULT_MESSY_RATES, generateMessyRegister, REGISTER_HEADER } from './messy-register';

describe('the messy register of the synthetic city', () => {
  const options = { scale: 'small' as const, seed: 5, rows: 4000 };
  const register = generateMessyRegister(options);
  const city = [...generateCity({ scale: 'small', seed: 5 })];
  const persons = new Map(city.flatMap((t) => t.persons).map((p) => [p.id, p]));
  const houses = new Map(city.flatMap((t) => t.houses).map((h) => [h.code, h]));
  const buildings = new Map(city.flatMap((t) => t.buildings).map((b) => [b.code, b]));
  const addresses = new Map(city.flatMap((t) => t.addresses).map((a) => [a.code, a]));
  const idNumbers = new Set([...persons.values()].map((p) => p.idNumber));
  const cell = (row: number, column: (typeof REGISTER_HEADER)[number]) => register.rows[row]![REGISTER_HEADER.indexOf(column)]!;

  it('is the same for the same options, byte for byte, and another for another seed', () => {
    expect(generateMessyRegister(options)).toEqual(register);
    expect(generateMessyRegister({ ...options, seed: 6 }).rows).not.toEqual(register.rows);
  });

  it('has the rows asked for, numbered, each with its truth', () => {
    expect(register.rows).toHaveLength(4000);
    expect(register.truth).toHaveLength(4000);
    register.rows.forEach((row, i) => {
      expect(row).toHaveLength(REGISTER_HEADER.length);
      expect(row[0]).toBe(String(i + 1));
      expect(register.truth[i]!.row).toBe(i + 1);
    });
  });

  it('damages ID numbers and credit codes at the stated rates, and only those', () => {
    let badIds = 0;
    let badCodes = 0;
    let employers = 0;
    register.truth.forEach((truth, i) => {
      const id = validateResidentIdNumber(cell(i, '公民身份号码'), { today: '2026-06-30' });
      expect({ row: truth.row, valid: id.ok }).toEqual({ row: truth.row, valid: truth.idNumberDefect === null });
      if (truth.idNumberDefect) badIds++;
      const code = cell(i, '服务处所统一社会信用代码');
      if (code) {
        employers++;
        expect({ row: truth.row, valid: validateCreditCode(code).ok }).toEqual({ row: truth.row, valid: truth.creditCodeDefect === null });
        if (truth.creditCodeDefect) badCodes++;
      }
    });
    // Binomial spread around the rates: well inside ± 4 standard deviations.
    expect(Math.abs(badIds / 4000 - DEFAULT_MESSY_RATES.invalidIdNumber)).toBeLessThan(0.01);
    expect(employers).toBeGreaterThan(1000);
    expect(Math.abs(badCodes / employers - DEFAULT_MESSY_RATES.invalidCreditCode)).toBeLessThan(0.02);
  });

  it('repeats earlier rows as duplicates of the same person and ID number', () => {
    const duplicates = register.truth.filter((t) => t.kind === 'DUPLICATE');
    expect(duplicates).toHaveLength(Math.round(4000 * DEFAULT_MESSY_RATES.duplicate));
    for (const duplicate of duplicates) {
      const original = register.truth[duplicate.duplicateOf! - 1]!;
      expect(duplicate.duplicateOf!).toBeLessThan(duplicate.row);
      expect(original.kind).toBe('PERSON');
      expect(duplicate.personId).toBe(original.personId);
      expect(cell(duplicate.row - 1, '姓名')).toBe(cell(original.row - 1, '姓名'));
      if (original.idNumberDefect === null) expect(cell(duplicate.row - 1, '公民身份号码')).toBe(cell(original.row - 1, '公民身份号码'));
    }
  });

  it('has persons the city does not know, with valid ID numbers nobody in the city has', () => {
    const strangers = register.truth.filter((t) => t.kind === 'UNKNOWN_PERSON');
    expect(strangers).toHaveLength(Math.round(4000 * DEFAULT_MESSY_RATES.unknownPerson));
    for (const stranger of strangers) {
      expect(stranger.personId).toBeNull();
      if (stranger.idNumberDefect === null) expect(idNumbers.has(cell(stranger.row - 1, '公民身份号码'))).toBe(false);
    }
  });

  it('tells for each known person the house and standard address they live at', () => {
    for (const truth of register.truth) {
      if (truth.personId === null || truth.addressCode === null || truth.kind === 'DUPLICATE') continue;
      const person = persons.get(truth.personId)!;
      expect(truth.houseCode).toBe(person.houseCode);
      expect(truth.addressCode).toBe(buildings.get(houses.get(person.houseCode!)!.buildingCode)!.addressCode);
      if (truth.idNumberDefect === null) expect(cell(truth.row - 1, '公民身份号码')).toBe(person.idNumber);
    }
  });

  it('writes addresses in many ways, and marks what cannot be matched', () => {
    const forms = new Set(register.truth.flatMap((t) => t.addressForms));
    for (const form of [
      'full',
      'bare',
      'town-short',
      'community-short',
      'village-group',
      'road-variant',
      'road-typo',
      'community-typo',
      'hash',
      'chinese-numerals',
      'fullwidth',
      'dashed',
      'building-幢',
      'building-号楼',
      'another-city',
      'past-road-end',
    ]) {
      expect({ form, present: forms.has(form) }).toEqual({ form, present: true });
    }
    const texts = register.truth.map((t, i) => ({ t, text: cell(i, '现住址') }));
    // The standard text itself, where written in full with nothing changed.
    const plain = texts.find(({ t }) => t.addressForms.join() === 'full')!;
    expect(plain.text).toBe(addresses.get(plain.t.addressCode!)!.fullText);
    expect(texts.filter(({ t }) => t.addressForms.includes('fullwidth')).every(({ text }) => /[０-９＃－]/.test(text) && !/[0-9#-]/.test(text))).toBe(true);
    for (const { t } of texts.filter(({ t }) => t.addressForms.includes('another-city') || t.addressForms.includes('past-road-end'))) {
      expect({ addressCode: t.addressCode, matchable: t.addressMatchable }).toEqual({ addressCode: null, matchable: false });
    }
    const matchable = register.truth.filter((t) => t.addressMatchable).length / 4000;
    expect(matchable).toBeGreaterThan(0.85);
    expect(matchable).toBeLessThan(0.99);
  });
});
