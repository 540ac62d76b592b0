import { addYears, ageOn, fromEpochDay, SNAPSHOT_DATE, SNAPSHOT_DAY, toEpochDay } from './dates';
import { EntityDraft } from './entities';
import { HouseSlot } from './plot-writer';
import { Rng, WeightedTable } from './rng';
import { AddressRow, PersonRow } from './types';

/** Who is who among a town's people, for picking employees, representatives and landlords. */
export class TownPeople {
  readonly adults: PersonRow[] = [];
  readonly adultsByGrid = new Map<string, PersonRow[]>();
  readonly registeredAdults: PersonRow[] = [];
  readonly registeredByCommunity = new Map<string, PersonRow[]>();
  private readonly ages = new Map<PersonRow, number>();

  constructor(readonly persons: readonly PersonRow[]) {
    for (const person of persons) {
      const age = ageOn(person.birthDate, SNAPSHOT_DATE);
      this.ages.set(person, age);
      if (age < 22 || age > 65) continue;
      this.adults.push(person);
      listIn(this.adultsByGrid, person.gridCode).push(person);
      if (person.residenceType === 'REGISTERED') {
        this.registeredAdults.push(person);
        listIn(this.registeredByCommunity, person.gridCode.slice(0, 12)).push(person);
      }
    }
  }

  ageOf(person: PersonRow): number {
    return this.ages.get(person)!;
  }

  private readonly sortedByBirth = new WeakMap<readonly PersonRow[], PersonRow[]>();

  /** The people of a pool born on or before a date, eldest first (each pool sorted once, then binary search). */
  bornBy(pool: readonly PersonRow[], latestBirth: string): PersonRow[] {
    let sorted = this.sortedByBirth.get(pool);
    if (!sorted) {
      sorted = [...pool].sort((a, b) => (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : a.id < b.id ? -1 : 1));
      this.sortedByBirth.set(pool, sorted);
    }
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]!.birthDate <= latestBirth) low = mid + 1;
      else high = mid;
    }
    return sorted.slice(0, low);
  }
}

function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** Most working-age migrants came for a job in the town; fewer registered residents work locally. */
export function assignEmployers(rng: Rng, people: TownPeople, drafts: readonly EntityDraft[]): void {
  const operating = drafts.filter((d) => d.row.licenceStatus === 'ACTIVE' || d.row.licenceStatus === 'SUSPENDED');
  if (operating.length === 0) return;
  const employers = new WeightedTable(operating.map((d) => [d.row.uscc, d.row.staffCount] as const));
  const share = { MIGRANT: 0.85, REGISTERED: 0.55, FOREIGN: 0.6 } as const;
  for (const person of people.persons) {
    const age = people.ageOf(person);
    if (age >= 18 && age < 60 && rng.chance(share[person.residenceType])) person.employerUscc = employers.pick(rng);
  }
}

/**
 * An individual business is run by someone living nearby, who then works there; institutions are headed by
 * registered residents; companies by any adult of the town. Whoever it is was an adult (18) on the day the
 * entity was founded: the registry takes no minor as a legal representative.
 */
export function assignRepresentatives(rng: Rng, people: TownPeople, drafts: readonly EntityDraft[]): void {
  if (people.adults.length === 0) throw new Error('a town with legal entities needs adults to represent them');
  for (const draft of drafts) {
    const { row } = draft;
    // Born on or before this day: 18 on the founding day (ISO dates compare as strings).
    const latestBirth = addYears(row.establishedOn, -18);
    const candidates = [
      row.type === 'INDIVIDUAL_BUSINESS' ? people.adultsByGrid.get(draft.housing.grid.code) : undefined,
      row.type === 'INSTITUTION' && people.registeredAdults.length > 0 ? people.registeredAdults : undefined,
      people.adults,
      people.persons,
    ].filter((c): c is PersonRow[] => c !== undefined && c.length > 0);
    let representative = rng.pick(candidates[0]!);
    if (representative.birthDate > latestBirth) {
      // An old entity: someone of the narrowest pool that has a person born early enough.
      const pool = candidates.map((c) => people.bornBy(c, latestBirth)).find((c) => c.length > 0);
      if (!pool) throw new Error(`nobody in the town was an adult when ${row.name} was founded on ${row.establishedOn}`);
      representative = rng.pick(pool);
    }
    row.legalRepresentativeId = representative.id;
    const operating = row.licenceStatus === 'ACTIVE' || row.licenceStatus === 'SUSPENDED';
    if (row.type === 'INDIVIDUAL_BUSINESS' && operating) representative.employerUscc = row.uscc;
  }
}

/**
 * Most register where they trade; some companies and associations register at another address of the town
 * (a serviced office, a founder's home). An individual business is registered at its shop.
 */
export function assignRegisteredAddresses(rng: Rng, drafts: readonly EntityDraft[], addresses: readonly AddressRow[]): void {
  for (const { row } of drafts) {
    const elsewhere = row.type !== 'INDIVIDUAL_BUSINESS' && row.type !== 'INSTITUTION' && rng.chance(0.15);
    row.registeredAddressCode = elsewhere ? rng.pick(addresses).code : row.businessAddressCode!;
    row.gridCode = row.registeredAddressCode.slice(0, 15);
  }
}

/** Businesses rent rooms in people's buildings; in compounds and office blocks some own what they use. */
export function settlePremises(rng: Rng, drafts: readonly EntityDraft[]): void {
  for (const { row, premises } of drafts) {
    for (const slot of premises) {
      const ownedByPerson = slot.building.plotKind === 'VILLAGE_HOUSE' || slot.building.plotKind === 'ESTATE';
      if (slot.building.plotKind === 'CAMPUS' || (!ownedByPerson && rng.chance(0.25))) {
        slot.row.occupancy = 'SELF_OCCUPIED';
        continue;
      }
      slot.row.occupancy = 'RENTED';
      if (rng.chance(0.92)) {
        const from = toEpochDay(row.establishedOn);
        slot.row.rentalRegisteredOn = fromEpochDay(rng.int(Math.min(from, SNAPSHOT_DAY - 1), SNAPSHOT_DAY - 1));
      }
    }
  }
}

/**
 * Owners of rooms not lived in by their owner: a village building belongs to one villager (its 房东), estate
 * flats to local investors or to people outside the city (no person row, so null); compounds, office blocks
 * and public buildings belong to companies and collectives, which are not persons.
 */
export function assignOwners(rng: Rng, people: TownPeople, slots: readonly HouseSlot[]): void {
  const localOwner = (gridCode: string): string | null => {
    const pool = people.registeredByCommunity.get(gridCode.slice(0, 12)) ?? people.registeredAdults;
    return pool.length > 0 ? rng.pick(pool).id : null;
  };
  for (const slot of slots) {
    const { row, building } = slot;
    if (row.occupancy === 'SELF_OCCUPIED' && row.ownerPersonId) continue;
    if (building.plotKind === 'VILLAGE_HOUSE') {
      building.landlordId ??= localOwner(row.gridCode);
      row.ownerPersonId = building.landlordId;
    } else if (building.plotKind === 'ESTATE' && rng.chance(row.occupancy === 'RENTED' ? 0.75 : 0.5)) {
      row.ownerPersonId = localOwner(row.gridCode);
    }
  }
}

/**
 * Rooms a legal entity owns name it as their owner: the premises it occupies itself in a compound,
 * office block or campus (settlePremises), and the dormitory of the factory compound it works in,
 * whose rooms its workers live in. Person-owned buildings (village houses, estates) stay with people.
 */
export function assignEntityOwners(drafts: readonly EntityDraft[], slots: readonly HouseSlot[]): void {
  const factoryAt = new Map<string, string>();
  for (const { row, premises } of drafts) {
    for (const slot of premises) {
      const personOwned = slot.building.plotKind === 'VILLAGE_HOUSE' || slot.building.plotKind === 'ESTATE';
      if (slot.row.use === 'FACTORY' && !factoryAt.has(slot.building.row.addressCode)) factoryAt.set(slot.building.row.addressCode, row.uscc);
      if (slot.row.occupancy !== 'SELF_OCCUPIED' || personOwned) continue;
      slot.row.ownerUscc = row.uscc;
      slot.row.ownerPersonId = null;
    }
  }
  for (const slot of slots) {
    const factory = slot.building.isDorm ? factoryAt.get(slot.building.row.addressCode) : undefined;
    if (!factory) continue;
    slot.row.ownerUscc = factory;
    slot.row.ownerPersonId = null;
  }
}
