import { ageOn, fromEpochDay, SNAPSHOT_DATE, SNAPSHOT_DAY } from './dates';
import { drawEthnicity, drawGivenName, drawSurname } from './names';
import { FOREIGN_ORIGINS, ForeignOrigin, MIGRANT_ORIGINS, Origin } from './places';
import { Rng, WeightedTable } from './rng';
import { Gender, ResidenceType } from './types';

export interface PersonDraft {
  surname: string;
  name: string;
  gender: Gender;
  birthDate: string;
  ethnicity: string;
  residenceType: ResidenceType;
  origin: Origin;
}

export interface HouseholdDraft {
  members: PersonDraft[];
  residenceType: ResidenceType;
  /** How likely the household takes a factory dormitory room when the grid has one: workers, some couples (夫妻房). */
  dormChance: number;
}

type Kind = 'FAMILY' | 'ELDER_COUPLE' | 'ELDER_ALONE' | 'SINGLE' | 'COUPLE' | 'WORKER' | 'ROOMMATES' | 'MIGRANT_COUPLE' | 'MIGRANT_FAMILY' | 'MIGRANT_ELDERS';

/** Registered households are settled families and old people; migrant ones are mostly young workers. */
const REGISTERED_KINDS = new WeightedTable<Kind>([
  ['FAMILY', 45],
  ['ELDER_COUPLE', 15],
  ['ELDER_ALONE', 12],
  ['SINGLE', 13],
  ['COUPLE', 15],
]);
const MIGRANT_KINDS = new WeightedTable<Kind>([
  ['WORKER', 38],
  ['ROOMMATES', 15],
  ['MIGRANT_COUPLE', 20],
  ['MIGRANT_FAMILY', 24],
  ['MIGRANT_ELDERS', 3],
]);
const MIGRANT_ORIGIN_TABLE = new WeightedTable<Origin>(MIGRANT_ORIGINS);
const FOREIGN_ORIGIN_TABLE = new WeightedTable<ForeignOrigin>(FOREIGN_ORIGINS);
const CHILD_COUNTS = new WeightedTable([
  [0, 15],
  [1, 40],
  [2, 35],
  [3, 10],
]);

export interface HouseholdSetting {
  /** 户籍地 of the town's registered residents, e.g. "广东省示范市榕溪镇". */
  localRegistration: string;
  /** The county-level division the town's registered residents hold their ID numbers from. */
  localDivisionCode: string;
  /** Share of households that are registered; villages keep more of their original residents. */
  registeredShare: number;
}

/** Draws a household of at most `maxSize` people (and of 1-5 at most). */
export function drawHousehold(rng: Rng, setting: HouseholdSetting, maxSize: number): HouseholdDraft {
  const draw = rng.next();
  let household: HouseholdDraft;
  if (draw < 0.006) household = foreignHousehold(rng);
  else if (draw < 0.006 + setting.registeredShare) household = registeredHousehold(rng, setting.localRegistration, setting.localDivisionCode);
  else household = migrantHousehold(rng);
  household.members = household.members.slice(0, Math.min(5, maxSize));
  return household;
}

function registeredHousehold(rng: Rng, localRegistration: string, localDivisionCode: string): HouseholdDraft {
  const origin: Origin = { divisionCode: localDivisionCode, place: localRegistration, province: '44' };
  const people = new PeopleDrawer(rng, 'REGISTERED');
  const members = (() => {
    switch (REGISTERED_KINDS.pick(rng)) {
      case 'FAMILY':
        return people.family(origin, rng.int(28, 62), CHILD_COUNTS.pick(rng), rng.chance(0.3));
      case 'ELDER_COUPLE':
        return people.couple(origin, rng.int(60, 88));
      case 'ELDER_ALONE':
        return [people.person(origin, rng.int(70, 96), randomGender(rng))];
      case 'SINGLE':
        return [people.person(origin, rng.int(20, 45), randomGender(rng))];
      default:
        return people.couple(origin, rng.int(23, 40));
    }
  })();
  return { members, residenceType: 'REGISTERED', dormChance: 0 };
}

function migrantHousehold(rng: Rng): HouseholdDraft {
  const origin = MIGRANT_ORIGIN_TABLE.pick(rng);
  const people = new PeopleDrawer(rng, 'MIGRANT');
  const kind = MIGRANT_KINDS.pick(rng);
  switch (kind) {
    case 'WORKER':
      return { members: [people.person(origin, rng.skewedInt(18, 50, 1.8), randomGender(rng))], residenceType: 'MIGRANT', dormChance: 0.7 };
    case 'ROOMMATES': {
      const gender = randomGender(rng);
      const members = Array.from({ length: rng.int(2, 4) }, () =>
        people.person(MIGRANT_ORIGIN_TABLE.pick(rng), rng.skewedInt(18, 40, 1.5), rng.chance(0.85) ? gender : randomGender(rng)),
      );
      return { members, residenceType: 'MIGRANT', dormChance: 0.7 };
    }
    case 'MIGRANT_COUPLE':
      return { members: people.couple(origin, rng.skewedInt(20, 55, 1.4)), residenceType: 'MIGRANT', dormChance: 0.3 };
    case 'MIGRANT_FAMILY': {
      const members = people.family(origin, rng.int(25, 48), rng.int(1, 3), rng.chance(0.12), 15);
      return { members, residenceType: 'MIGRANT', dormChance: 0 };
    }
    default: {
      const members = rng.chance(0.5) ? people.couple(origin, rng.int(55, 75)) : [people.person(origin, rng.int(55, 75), randomGender(rng))];
      return { members, residenceType: 'MIGRANT', dormChance: 0 };
    }
  }
}

function foreignHousehold(rng: Rng): HouseholdDraft {
  const origin = FOREIGN_ORIGIN_TABLE.pick(rng);
  const people = new PeopleDrawer(rng, 'FOREIGN', origin);
  const age = rng.int(25, 65);
  const members = rng.chance(0.3) ? people.couple(origin, age) : [people.person(origin, age, randomGender(rng))];
  return { members, residenceType: 'FOREIGN', dormChance: 0 };
}

function randomGender(rng: Rng): Gender {
  return rng.chance(0.5) ? 'MALE' : 'FEMALE';
}

/** Draws people sharing a household's residence type, and a family's surname, origin and ethnicity. */
class PeopleDrawer {
  constructor(
    private readonly rng: Rng,
    private readonly residenceType: ResidenceType,
    private readonly foreign?: ForeignOrigin,
  ) {}

  person(origin: Origin, age: number, gender: Gender, surname?: string, ethnicity?: string): PersonDraft {
    const { rng } = this;
    const birthDate = fromEpochDay(SNAPSHOT_DAY - age * 365 - Math.floor(age / 4) - rng.int(1, 364));
    const family = surname ?? (this.foreign?.surnames ? rng.pick(this.foreign.surnames) : drawSurname(rng));
    return {
      surname: family,
      name: family + drawGivenName(rng, gender, Number(birthDate.slice(0, 4))),
      gender,
      birthDate,
      ethnicity: ethnicity ?? this.foreign?.ethnicity ?? drawEthnicity(rng, origin.province),
      residenceType: this.residenceType,
      origin,
    };
  }

  couple(origin: Origin, headAge: number): PersonDraft[] {
    const head = this.person(origin, headAge, 'MALE');
    const spouseAge = Math.max(18, headAge - this.rng.int(-2, 5));
    return [head, this.person(origin, spouseAge, 'FEMALE')];
  }

  /**
   * Parents, children (who take the father's surname and ethnicity) and perhaps a grandparent.
   * `oldestChild` caps children's ages: migrant families bring school-age children, not grown ones.
   */
  family(origin: Origin, headAge: number, children: number, withGrandparent: boolean, oldestChild = 30): PersonDraft[] {
    const { rng } = this;
    const [father, mother] = this.couple(origin, headAge);
    const members = [father!, mother!];
    const motherAge = ageOn(mother!.birthDate, SNAPSHOT_DATE);
    const surname = father!.surname;
    for (let c = 0; c < children; c++) {
      const maxAge = Math.min(oldestChild, motherAge - 20);
      if (maxAge < 0) break;
      const childAge = rng.int(Math.min(maxAge, Math.max(0, motherAge - 42)), maxAge);
      members.push(this.person(origin, childAge, randomGender(rng), surname, father!.ethnicity));
    }
    if (withGrandparent) {
      members.push(this.person(origin, Math.min(95, headAge + rng.int(22, 32)), randomGender(rng), surname, father!.ethnicity));
    }
    return members;
  }
}
