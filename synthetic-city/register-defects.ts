/**
 * What goes wrong in the identifiers and dates of a delivered register, one defect per damaged
 * value, each named so a test can expect the validator's reason: a wrong check character, an
 * impossible birth date, a digit lost, a letter O for a zero; for credit codes a forbidden letter.
 */
import { residentIdCheckCharacter } from '../platform/identifiers/resident-id';
import { creditCodeCheckCharacter, CREDIT_CODE_CHARACTERS } from '../platform/identifiers/credit-code';
import { Rng } from './rng';

export type IdNumberDefect = 'check-character' | 'birth-date' | 'length' | 'letter-o';
export type CreditCodeDefect = 'check-character' | 'forbidden-letter' | 'length';

export function damageIdNumber(rng: Rng, idNumber: string): { value: string; defect: IdNumberDefect } {
  const defect = rng.pick<IdNumberDefect>(['check-character', 'check-character', 'birth-date', 'length', 'letter-o']);
  switch (defect) {
    case 'check-character': {
      const right = residentIdCheckCharacter(idNumber.slice(0, 17));
      const wrong = rng.pick([...'0123456789X'].filter((c) => c !== right));
      return { value: idNumber.slice(0, 17) + wrong, defect };
    }
    case 'birth-date': {
      // Month 13 or day 32 (the check character recomputed, so only the date is wrong).
      const first17 = rng.chance(0.5) ? `${idNumber.slice(0, 10)}13${idNumber.slice(12, 17)}` : `${idNumber.slice(0, 12)}32${idNumber.slice(14, 17)}`;
      return { value: first17 + residentIdCheckCharacter(first17), defect };
    }
    case 'length': {
      const position = rng.int(6, 16);
      return { value: idNumber.slice(0, position) + idNumber.slice(position + 1), defect };
    }
    case 'letter-o': {
      const zeros = [...idNumber.slice(0, 17)].map((c, i) => (c === '0' ? i : -1)).filter((i) => i >= 0);
      const position = zeros.length > 0 ? rng.pick(zeros) : 6;
      return { value: `${idNumber.slice(0, position)}O${idNumber.slice(position + 1)}`, defect };
    }
  }
}

export function damageCreditCode(rng: Rng, code: string): { value: string; defect: CreditCodeDefect } {
  const defect = rng.pick<CreditCodeDefect>(['check-character', 'check-character', 'forbidden-letter', 'length']);
  switch (defect) {
    case 'check-character': {
      const right = creditCodeCheckCharacter(code.slice(0, 17));
      return { value: code.slice(0, 17) + rng.pick([...CREDIT_CODE_CHARACTERS].filter((c) => c !== right)), defect };
    }
    case 'forbidden-letter': {
      const position = rng.int(8, 16);
      return { value: `${code.slice(0, position)}${rng.pick(['I', 'O', 'Z', 'S', 'V'])}${code.slice(position + 1)}`, defect };
    }
    case 'length':
      return { value: code.slice(0, 17), defect };
  }
}

/** A birth date as clerks type it: 1985-03-02, 1985/3/2 or 19850302. */
export function writeDate(rng: Rng, isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  const draw = rng.next();
  if (draw < 0.6) return isoDate;
  if (draw < 0.8) return `${year}/${Number(month)}/${Number(day)}`;
  return `${year}${month}${day}`;
}
