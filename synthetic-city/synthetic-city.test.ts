import { validateCreditCode } from '../platform/identifiers/credit-code';
import { gridLevelOfCode, parentGridCode } from '../platform/identifiers/grid-code';
import { validateResidentIdNumber } from '../platform/identifiers/resident-id';
import { ageOn } from './dates';
import { generateCity, SCALES, SNAPSHOT_DATE, TownBatch } from './index';

function collect(scale: 'tiny' | 'small', seed = 7): TownBatch[] {
  return [...generateCity({ scale, seed })];
}

function merge(batches: TownBatch[]): TownBatch {
  const all: TownBatch = { grids: [], addresses: [], buildings: [], houses: [], persons: [], legalEntities: [], premises: [] };
  for (const batch of batches) for (const key of Object.keys(all) as (keyof TownBatch)[]) (all[key] as unknown[]).push(...batch[key]);
  return all;
}

function expectUnique(values: string[], what: string): void {
  const seen = new Set<string>();
  const duplicates = values.filter((v) => seen.size === seen.add(v).size);
  expect({ what, duplicates: duplicates.slice(0, 5) }).toEqual({ what, duplicates: [] });
}

/** Collects every broken rule instead of stopping at the first, so a failure shows how widespread it is. */
function problemsOf(city: TownBatch): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.length < 20 && problems.push(message);
  const grids = new Map(city.grids.map((g) => [g.code, g]));
  const addresses = new Map(city.addresses.map((a) => [a.code, a]));
  const buildings = new Map(city.buildings.map((b) => [b.code, b]));
  const houses = new Map(city.houses.map((h) => [h.code, h]));
  const persons = new Map(city.persons.map((p) => [p.id, p]));
  const entities = new Map(city.legalEntities.map((e) => [e.uscc, e]));

  for (const grid of city.grids) {
    if (gridLevelOfCode(grid.code) !== grid.level) fail(`grid ${grid.code} is not a valid ${grid.level} code`);
    if (parentGridCode(grid.code) !== grid.parentCode) fail(`grid ${grid.code} has parent ${grid.parentCode}`);
    if (grid.parentCode && !grids.has(grid.parentCode)) fail(`grid ${grid.code}'s parent is missing`);
  }
  for (const address of city.addresses) {
    if (!/^\d{19}$/.test(address.code) || !address.code.startsWith(address.gridCode)) fail(`address ${address.code} does not extend its grid`);
    if (grids.get(address.gridCode)?.level !== 'GRID') fail(`address ${address.code} is in no grid`);
    if (!address.fullText.includes(address.road + address.doorNumber)) fail(`address ${address.code} full text lacks its road`);
  }
  for (const building of city.buildings) {
    const address = addresses.get(building.addressCode);
    if (building.code.length !== 21 || !building.code.startsWith(building.addressCode)) fail(`building ${building.code} does not extend its address`);
    if (address?.gridCode !== building.gridCode) fail(`building ${building.code} is not in its address's grid`);
  }
  for (const house of city.houses) {
    const building = buildings.get(house.buildingCode);
    if (house.code.length !== 25 || !house.code.startsWith(house.buildingCode)) fail(`house ${house.code} does not extend its building`);
    if (building?.gridCode !== house.gridCode) fail(`house ${house.code} is not in its building's grid`);
    if (building && house.floor > building.floors) fail(`house ${house.code} is above the top floor`);
    if (house.ownerPersonId && !persons.has(house.ownerPersonId)) fail(`house ${house.code} has an unknown owner`);
    if (house.rentalRegisteredOn && house.occupancy !== 'RENTED') fail(`house ${house.code} registers a rental but is ${house.occupancy}`);
  }
  for (const person of city.persons) {
    const id = validateResidentIdNumber(person.idNumber, { today: SNAPSHOT_DATE });
    if (!id.ok) fail(`person ${person.id}: ${id.reason}`);
    else if (id.birthDate !== person.birthDate || id.gender !== person.gender) fail(`person ${person.id}'s ID number disagrees`);
    if (!/^P\d{9}$/.test(person.id)) fail(`person id ${person.id}`);
    const home = person.houseCode ? houses.get(person.houseCode) : undefined;
    if (!home) fail(`person ${person.id} lives in no known house`);
    else {
      if (home.gridCode !== person.gridCode) fail(`person ${person.id} is not in their home's grid`);
      if (home.use !== 'RESIDENTIAL' && home.use !== 'MIXED') fail(`person ${person.id} lives in a ${home.use}`);
      if (home.occupancy === 'VACANT') fail(`person ${person.id} lives in a vacant house`);
    }
    if (person.employerUscc && !entities.has(person.employerUscc)) fail(`person ${person.id} works for an unknown entity`);
    if (person.phone !== null && !/^1[3-9]\d{9}$/.test(person.phone)) fail(`person ${person.id} phone ${person.phone}`);
    const age = ageOn(person.birthDate, SNAPSHOT_DATE);
    if (age < 16 && person.phone) fail(`child ${person.id} has a phone`);
    if ((age < 6) !== person.tags.includes('PRESCHOOL_CHILD')) fail(`person ${person.id} aged ${age} preschool tag`);
    if ((age >= 6 && age <= 15) !== person.tags.includes('SCHOOL_AGE')) fail(`person ${person.id} aged ${age} school tag`);
    if (person.tags.includes('ELDERLY_ALONE') && age < 70) fail(`person ${person.id} aged ${age} is elderly alone`);
    if (person.movedInOn && (person.movedInOn < person.birthDate || person.movedInOn > SNAPSHOT_DATE)) fail(`person ${person.id} moved in ${person.movedInOn}`);
  }
  for (const entity of city.legalEntities) {
    const code = validateCreditCode(entity.uscc);
    if (!code.ok || code.divisionCode !== '449900') fail(`entity ${entity.uscc}: ${code.ok ? code.divisionCode : code.reason}`);
    const representative = persons.get(entity.legalRepresentativeId);
    if (!representative) fail(`entity ${entity.uscc} has an unknown representative`);
    else if (ageOn(representative.birthDate, SNAPSHOT_DATE) < 18) fail(`entity ${entity.uscc} is represented by a child`);
    const registered = addresses.get(entity.registeredAddressCode);
    if (!registered) fail(`entity ${entity.uscc} registered at an unknown address`);
    else if (registered.gridCode !== entity.gridCode) fail(`entity ${entity.uscc} is not in its registered address's grid`);
    if (entity.businessAddressCode && !addresses.has(entity.businessAddressCode)) fail(`entity ${entity.uscc} trades at an unknown address`);
    if (entity.foodLicence !== null && !/^JY\d{14}$/.test(entity.foodLicence)) fail(`entity ${entity.uscc} food licence ${entity.foodLicence}`);
  }
  const premisesPerEntity = new Map<string, number>();
  for (const premises of city.premises) {
    const house = houses.get(premises.houseCode);
    if (!house) fail(`premises ${premises.houseCode} is no known house`);
    else if (house.use === 'RESIDENTIAL' || house.occupancy === 'VACANT') fail(`premises ${premises.houseCode} is ${house.use} ${house.occupancy}`);
    if (!entities.has(premises.entityUscc)) fail(`premises of unknown entity ${premises.entityUscc}`);
    premisesPerEntity.set(premises.entityUscc, (premisesPerEntity.get(premises.entityUscc) ?? 0) + 1);
  }
  for (const entity of city.legalEntities) {
    const count = premisesPerEntity.get(entity.uscc) ?? 0;
    if (count < 1 || count > 3) fail(`entity ${entity.uscc} occupies ${count} houses`);
  }
  return problems;
}

describe('generateCity', () => {
  it('gives byte-identical output for the same seed, and different output for another', () => {
    expect(JSON.stringify(collect('tiny', 7))).toBe(JSON.stringify(collect('tiny', 7)));
    expect(JSON.stringify(collect('tiny', 8))).not.toBe(JSON.stringify(collect('tiny', 7)));
  });

  it('builds a tiny city of the expected shape, with exact totals', () => {
    const batches = collect('tiny');
    const city = merge(batches);
    expect(batches).toHaveLength(1);
    expect(city.grids[0]).toEqual({ code: '449900', name: '示范市', level: 'CITY', parentCode: null });
    expect(city.grids.find((g) => g.level === 'TOWN')).toMatchObject({ code: '449900101000', name: '榕溪镇' });
    expect(city.grids.filter((g) => g.level === 'COMMUNITY')).toHaveLength(2);
    expect(city.grids.filter((g) => g.level === 'GRID')).toHaveLength(6);
    expect(city.persons).toHaveLength(SCALES.tiny.persons);
    expect(city.legalEntities).toHaveLength(SCALES.tiny.legalEntities);
  });

  it('keeps the tiny city consistent across the four subgraphs', () => {
    expect(problemsOf(merge(collect('tiny')))).toEqual([]);
  });

  it('generates the small city quickly, consistent, and with unique keys', () => {
    const started = Date.now();
    const city = merge(collect('small'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(city.grids.filter((g) => g.level === 'GRID')).toHaveLength(60);
    expect(city.persons).toHaveLength(SCALES.small.persons);
    expect(city.legalEntities).toHaveLength(SCALES.small.legalEntities);
    expect(problemsOf(city)).toEqual([]);
    expectUnique(city.persons.map((p) => p.id), 'person ids');
    expectUnique(city.persons.map((p) => p.idNumber), 'ID numbers');
    expectUnique(city.persons.flatMap((p) => (p.phone ? [p.phone] : [])), 'phones');
    expectUnique(city.legalEntities.map((e) => e.uscc), 'credit codes');
    expectUnique(city.houses.map((h) => h.code), 'house codes');
    expectUnique(city.addresses.map((a) => a.code), 'address codes');
  });

  it('looks like a migrant city: mostly migrants, many rented rooms, some children and old people', () => {
    const city = merge(collect('small'));
    const share = (n: number) => n / city.persons.length;
    expect(share(city.persons.filter((p) => p.residenceType === 'MIGRANT').length)).toBeGreaterThan(0.55);
    expect(share(city.persons.filter((p) => p.residenceType === 'FOREIGN').length)).toBeLessThan(0.02);
    expect(share(city.persons.filter((p) => p.tags.includes('PRESCHOOL_CHILD')).length)).toBeGreaterThan(0.02);
    expect(city.persons.some((p) => p.tags.includes('ELDERLY_ALONE'))).toBe(true);
    const homes = city.houses.filter((h) => h.use === 'RESIDENTIAL' && h.occupancy !== 'VACANT');
    expect(homes.filter((h) => h.occupancy === 'RENTED').length / homes.length).toBeGreaterThan(0.5);
  });

  it('keeps ID numbers and credit codes unique across towns', () => {
    const batches = [...generateCity({ scale: 'medium', seed: 3 })].slice(0, 3);
    const city = merge(batches);
    expectUnique(city.persons.map((p) => p.idNumber), 'ID numbers');
    expectUnique(city.persons.map((p) => p.id), 'person ids');
    expectUnique(city.legalEntities.map((e) => e.uscc), 'credit codes');
    expect(new Set(batches.map((b) => b.grids.find((g) => g.level === 'TOWN')!.code)).size).toBe(3);
  });

  it('hands out the large city a town at a time', () => {
    const first = generateCity({ scale: 'large', seed: 1 }).next();
    expect(first.done).toBe(false);
    const persons = first.value!.persons.length;
    expect(persons).toBeGreaterThan(SCALES.large.persons / SCALES.large.towns / 2);
    expect(persons).toBeLessThan((SCALES.large.persons / SCALES.large.towns) * 2);
  });
});
