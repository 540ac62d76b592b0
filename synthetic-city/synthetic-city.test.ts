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
    if (age < 6 !== person.tags.includes('PRESCHOOL_CHILD')) fail(`person ${person.id} aged ${age} preschool tag`);
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
    expectUnique(
      city.persons.map((p) => p.id),
      'person ids',
    );
    expectUnique(
      city.persons.map((p) => p.idNumber),
      'ID numbers',
    );
    expectUnique(
      city.persons.flatMap((p) => (p.phone ? [p.phone] : [])),
      'phones',
    );
    expectUnique(
      city.legalEntities.map((e) => e.uscc),
      'credit codes',
    );
    expectUnique(
      city.houses.map((h) => h.code),
      'house codes',
    );
    expectUnique(
      city.addresses.map((a) => a.code),
      'address codes',
    );
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
    expectUnique(
      city.persons.map((p) => p.idNumber),
      'ID numbers',
    );
    expectUnique(
      city.persons.map((p) => p.id),
      'person ids',
    );
    expectUnique(
      city.legalEntities.map((e) => e.uscc),
      'credit codes',
    );
    expect(new Set(batches.map((b) => b.grids.find((g) => g.level === 'TOWN')!.code)).size).toBe(3);
  });

  describe('reads as real', () => {
    const city = merge(collect('small'));
    const persons = new Map(city.persons.map((p) => [p.id, p]));
    // Written out here, not imported from the generator: allocated public mobile prefixes (MIIT).
    const allocated = /^1(3\d|4[57]|5[0-35-9]|66|7[235-8]|8\d|9[0-35-9])\d{8}$/;
    // County-level divisions of 示范市 (449900's districts) and of the migrants' home prefectures.
    const cityDistrict = /^4499(0[2-9]|[1-9]\d)$/;

    it('gives every phone an allocated mobile prefix', () => {
      const phones = city.persons.flatMap((p) => (p.phone ? [p.phone] : []));
      expect(phones.length).toBeGreaterThan(10_000);
      expect(phones.filter((p) => !allocated.test(p)).slice(0, 5)).toEqual([]);
      // Spread over the prefixes, not one segment.
      expect(new Set(phones.map((p) => p.slice(0, 3))).size).toBeGreaterThan(30);
    });

    it("issues resident ID numbers from county-level divisions, local ones from the city's districts", () => {
      const residents = city.persons.filter((p) => p.residenceType !== 'FOREIGN');
      const regions = residents.map((p) => p.idNumber.slice(0, 6));
      expect(regions.filter((r) => r.endsWith('00') && r !== '810000' && r !== '820000').slice(0, 5)).toEqual([]);
      const local = city.persons.filter((p) => p.residenceType === 'REGISTERED').map((p) => p.idNumber.slice(0, 6));
      expect(local.filter((r) => !cityDistrict.test(r)).slice(0, 5)).toEqual([]);
      // The town's district is the one its addresses name.
      const district = city.addresses[0]!.district;
      expect(city.persons.find((p) => p.residenceType === 'REGISTERED')!.householdRegistration).toContain(district);
      expect(city.addresses.every((a) => a.district === district)).toBe(true);
    });

    it('gives foreign nationals foreign permanent-residence numbers that validate, and Hong Kong and Macao residents their permits', () => {
      const foreign = city.persons.filter((p) => p.residenceType === 'FOREIGN');
      const nationals = foreign.filter((p) => p.ethnicity === '外国籍');
      expect(nationals.length).toBeGreaterThan(0);
      for (const person of nationals) {
        expect(person.idNumber).toMatch(/^944(704|410|392)\d{12}$/);
        expect(validateResidentIdNumber(person.idNumber, { today: SNAPSHOT_DATE })).toMatchObject({
          ok: true,
          kind: 'foreign-permanent-resident',
          birthDate: person.birthDate,
          gender: person.gender,
        });
      }
      for (const person of foreign.filter((p) => p.ethnicity !== '外国籍')) expect(person.idNumber).toMatch(/^8[12]0000/);
    });

    it('has every legal representative adult on the day the entity was founded', () => {
      const minors = city.legalEntities.filter((e) => ageOn(persons.get(e.legalRepresentativeId)!.birthDate, e.establishedOn) < 18);
      expect(minors.map((e) => `${e.uscc} ${e.establishedOn}`).slice(0, 5)).toEqual([]);
      // Old entities exist, so the rule is exercised.
      expect(city.legalEntities.some((e) => e.establishedOn < '2000-01-01')).toBe(true);
    });

    it('houses workers in factory dormitories owned by their factory', () => {
      const dorms = city.buildings.filter((b) => b.name === '宿舍楼');
      expect(dorms.length).toBeGreaterThan(0);
      const residentsByBuilding = new Map<string, number>();
      for (const person of city.persons) {
        const building = person.houseCode!.slice(0, 21);
        residentsByBuilding.set(building, (residentsByBuilding.get(building) ?? 0) + 1);
      }
      const lived = dorms.filter((d) => (residentsByBuilding.get(d.code) ?? 0) > 0);
      expect(lived.length / dorms.length).toBeGreaterThan(0.8);
      const entities = new Map(city.legalEntities.map((e) => [e.uscc, e]));
      const dormRooms = city.houses.filter((h) => dorms.some((d) => d.code === h.buildingCode));
      const owned = dormRooms.filter((h) => h.ownerUscc);
      expect(owned.length / dormRooms.length).toBeGreaterThan(0.8);
      for (const room of owned) {
        expect(room.ownerPersonId).toBeNull();
        expect(entities.get(room.ownerUscc!)?.industry).toBeDefined();
      }
    });

    it('names the company as owner of the rooms it owns and uses, and never a person as well', () => {
      const occupied = new Map(city.premises.map((p) => [p.houseCode, p.entityUscc]));
      const companyOwned = city.houses.filter((h) => h.ownerUscc && occupied.has(h.code));
      expect(companyOwned.length).toBeGreaterThan(20);
      for (const house of companyOwned) {
        expect(house.occupancy).toBe('SELF_OCCUPIED');
        expect(house.ownerUscc).toBe(occupied.get(house.code));
      }
      expect(city.houses.filter((h) => h.ownerUscc && h.ownerPersonId)).toEqual([]);
    });
  });

  it('hands out the large city a town at a time', () => {
    const first = generateCity({ scale: 'large', seed: 1 }).next();
    expect(first.done).toBe(false);
    const persons = first.value!.persons.length;
    expect(persons).toBeGreaterThan(SCALES.large.persons / SCALES.large.towns / 2);
    expect(persons).toBeLessThan((SCALES.large.persons / SCALES.large.towns) * 2);
  });
});
