import { makeResidentIdNumber } from '../platform/identifiers/resident-id';
import { ageOn, fromEpochDay, maxDate, SNAPSHOT_DATE, toEpochDay } from './dates';
import { PersonDraft } from './households';
import { HouseSlot } from './plot-writer';
import { permute, Rng } from './rng';
import { PersonRow, PersonTag } from './types';

/** A range of 10^6 phone numbers per town keeps numbers unique city-wide without a city-wide set. */
const PHONES_PER_TOWN = 1_000_000;
const PHONE_KEY = 154;

/**
 * Mobile network prefixes the Ministry of Industry and Information Technology has allocated to the
 * public networks (China Mobile, Unicom, Telecom, Broadnet). Left out: 154, 174 (satellite and
 * maritime), 179 and 194 (never allocated), and the virtual operators' 162, 165, 167, 170 and 171,
 * which people rarely give as their contact number.
 */
export const MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '145',
  '147',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '172',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '190',
  '191',
  '192',
  '193',
  '195',
  '196',
  '197',
  '198',
  '199',
];

/**
 * Turns drafted people into Person rows with city-unique ids, ID numbers and phone numbers.
 *
 * ID numbers: the first two sequence digits of a real number name the registering police station, so each
 * town gets its own block of sequence numbers; two towns then never produce the same number, and within a
 * town a count per (division, birth date, gender) hands out the block's odd (male) or even (female) values.
 *
 * Phones are mobile numbers in allocated prefixes, as a register holds them: the eight digits after the
 * prefix are unique city-wide (a permutation of the town's counter), the prefix follows the counter.
 */
export class PersonFactory {
  private nextNumber: number;
  private phoneCount = 0;
  private readonly sequenceUse = new Map<string, { offset: number; used: number }>();
  private readonly blockStart: number;
  private readonly blockSize: number;

  constructor(
    private readonly rng: Rng,
    private readonly townIndex: number,
    towns: number,
    firstPersonNumber: number,
  ) {
    if (towns > 500) throw new Error('at most 500 towns: each needs a block of at least two ID sequence numbers');
    this.nextNumber = firstPersonNumber;
    this.blockSize = Math.floor(1000 / towns);
    this.blockStart = townIndex * this.blockSize;
  }

  create(draft: PersonDraft, householdSize: number, home: HouseSlot, householdMovedInOn: string): PersonRow {
    const { idNumber, birthDate } = this.allocateIdNumber(draft);
    const age = ageOn(birthDate, SNAPSHOT_DATE);
    return {
      id: `P${String(this.nextNumber++).padStart(9, '0')}`,
      name: draft.name,
      idNumber,
      gender: draft.gender,
      birthDate,
      ethnicity: draft.ethnicity,
      phone: this.phone(age),
      householdRegistration: draft.origin.place,
      residenceType: draft.residenceType,
      houseCode: home.row.code,
      gridCode: home.row.gridCode,
      movedInOn: maxDate(householdMovedInOn, birthDate),
      employerUscc: null,
      tags: this.tags(draft, age, householdSize),
    };
  }

  private allocateIdNumber(draft: PersonDraft): { idNumber: string; birthDate: string } {
    const parity = draft.gender === 'MALE' ? 1 : 0;
    const first = this.blockStart % 2 === parity ? this.blockStart : this.blockStart + 1;
    const count = Math.floor((this.blockStart + this.blockSize - 1 - first) / 2) + 1;
    let birthDate = draft.birthDate;
    for (;;) {
      const key = `${draft.origin.divisionCode}${birthDate}${parity}`;
      let use = this.sequenceUse.get(key);
      if (!use) {
        use = { offset: this.rng.int(0, count - 1), used: 0 };
        this.sequenceUse.set(key, use);
      }
      if (use.used < count) {
        const sequence = first + 2 * ((use.offset + use.used++) % count);
        return { idNumber: makeResidentIdNumber(draft.origin.divisionCode, birthDate, sequence), birthDate };
      }
      // Every number of this day is taken in this town: a day earlier is as plausible a birthday.
      birthDate = fromEpochDay(toEpochDay(birthDate) - 1);
    }
  }

  private phone(age: number): string | null {
    if (age < 16 || (age >= 80 && this.rng.chance(0.4))) return null;
    if (this.phoneCount >= PHONES_PER_TOWN) throw new Error('a town ran out of its million phone numbers');
    const counter = this.townIndex * PHONES_PER_TOWN + this.phoneCount++;
    const subscriber = permute(counter, 10_000, PHONE_KEY);
    return `${MOBILE_PREFIXES[counter % MOBILE_PREFIXES.length]}${String(subscriber).padStart(8, '0')}`;
  }

  /** In the order of the PersonTag enum, so rows compare equal however they were built. */
  private tags(draft: PersonDraft, age: number, householdSize: number): PersonTag[] {
    const { rng } = this;
    const tags: PersonTag[] = [];
    const registered = draft.residenceType === 'REGISTERED';
    if (age >= 70 && householdSize === 1) tags.push('ELDERLY_ALONE');
    const disabled = rng.chance(age >= 65 ? 0.06 : 0.015);
    if (disabled) tags.push('DISABILITY');
    if (age < 6) tags.push('PRESCHOOL_CHILD');
    else if (age <= 15) tags.push('SCHOOL_AGE');
    // Subsistence allowances (低保) are paid where one's household is registered.
    if (registered && rng.chance(age >= 60 || disabled ? 0.08 : 0.025)) tags.push('LOW_INCOME');
    if (age >= 22 && draft.residenceType !== 'FOREIGN' && rng.chance(draft.gender === 'MALE' ? (registered ? 0.03 : 0.01) : 0.001)) {
      tags.push('VETERAN');
    }
    if (age >= 18 && age <= 65 && rng.chance(0.0045)) tags.push('KEY_PERSON');
    return tags;
  }
}
