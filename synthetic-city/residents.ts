import { addYears, fromEpochDay, maxDate, minDate, SNAPSHOT_DATE, SNAPSHOT_DAY, toEpochDay } from './dates';
import { drawHousehold, HouseholdDraft, HouseholdSetting } from './households';
import { GridHousing } from './housing';
import { PersonFactory } from './persons';
import { HouseSlot } from './plot-writer';
import { Rng } from './rng';
import { Occupancy, PersonRow } from './types';

/** Average household size, used to size estates to the households a grid still needs. */
const PEOPLE_PER_HOUSEHOLD = 2.4;

/**
 * Fills one grid with exactly `quota` people, household by household, each household in a home of the grid
 * (以房管人: the house is how a person is found). Sets the home's occupancy, owner and rental registration.
 */
export function settleResidents(rng: Rng, housing: GridHousing, people: PersonFactory, setting: HouseholdSetting, quota: number, into: PersonRow[]): void {
  let left = quota;
  while (left > 0) {
    const household = drawHousehold(rng, setting, left);
    const home = housing.takeHome(rng.chance(household.dormChance), Math.ceil(left / PEOPLE_PER_HOUSEHOLD));
    const movedInOn = moveInDate(rng, household, home);
    const occupancy = occupancyOf(rng, household, home);
    const members = household.members.map((draft) => people.create(draft, household.members.length, home, movedInOn));
    into.push(...members);
    left -= members.length;

    home.row.occupancy = occupancy;
    if (occupancy === 'SELF_OCCUPIED' && !home.building.isDorm) {
      home.row.ownerPersonId = members[0]!.id;
      // The villager who lives in his own rental building is its landlord.
      if (home.building.plotKind === 'VILLAGE_HOUSE' && household.residenceType === 'REGISTERED') {
        home.building.landlordId ??= members[0]!.id;
      }
    }
    if (occupancy === 'RENTED' && rng.chance(0.9)) {
      // About one rented home in ten is an undeclared 出租屋, which grid workers are sent to find.
      home.row.rentalRegisteredOn = minDate(SNAPSHOT_DATE, fromEpochDay(toEpochDay(movedInOn) + rng.int(0, 30)));
    }
  }
}

/**
 * Factory dormitories are used by the factory that owns them, so their rooms count as owner-occupied with
 * no owning person. Registered families mostly own their homes; migrants mostly rent, a few have bought flats.
 */
function occupancyOf(rng: Rng, household: HouseholdDraft, home: HouseSlot): Occupancy {
  if (home.building.isDorm) return 'SELF_OCCUPIED';
  switch (household.residenceType) {
    case 'REGISTERED':
      return rng.chance(0.92) ? 'SELF_OCCUPIED' : 'RENTED';
    case 'MIGRANT': {
      const bought = home.building.plotKind === 'ESTATE' ? 0.15 : 0.03;
      return rng.chance(bought) ? 'SELF_OCCUPIED' : 'RENTED';
    }
    default:
      return 'RENTED';
  }
}

/** Not before the building stood or the head of household came of age; migrants arrived mostly in recent years. */
function moveInDate(rng: Rng, household: HouseholdDraft, home: HouseSlot): string {
  const built = `${home.building.row.builtYear ?? 1980}-01-01`;
  const earliest = toEpochDay(maxDate(built, addYears(household.members[0]!.birthDate, 18)));
  const latest = SNAPSHOT_DAY - 1;
  if (earliest >= latest) return fromEpochDay(latest);
  if (household.residenceType === 'REGISTERED') return fromEpochDay(rng.int(earliest, latest));
  const yearsBack = home.building.isDorm ? 3 : 8;
  return fromEpochDay(Math.max(earliest, SNAPSHOT_DAY - 1 - rng.skewedInt(0, yearsBack * 365, 2)));
}
