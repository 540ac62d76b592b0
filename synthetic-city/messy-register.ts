/**
 * A register of the synthetic city as a department would deliver it (a public-security 实有人口
 * list: name, ID number, date of birth, phone, the address as typed, the employer and its credit
 * code), with the truth alongside so that address matching and imports are measured honestly.
 *
 * Mess, at stated rates: addresses written the ways people write them (address-writing.ts);
 * duplicate rows of one person; invalid ID numbers and credit codes (register-defects.ts); persons
 * the city does not know; addresses that are not in the city. Each row's truth says which person,
 * house and standard address it is, what was damaged, and whether the address as written still
 * points at exactly one standard address ("matchable"): an address written without its town whose
 * road and number exist in two towns is not, however good the matcher.
 *
 * Same options, same bytes. The rows are held in memory until the city's names are all known
 * (a misspelling must not spell another real name): about 1 KB a row.
 */
import { AddressWriter, CityNames, HouseTail, placeCore, WrittenAddress } from './address-writing';
import { generateCity } from './index';
import { drawGivenName, drawSurname } from './names';
import { damageCreditCode, damageIdNumber, writeDate } from './register-defects';
import { Rng } from './rng';
import { SCALES, Scale } from './scales';
import { AddressRow, PersonRow } from './types';
import { makeResidentIdNumber } from '../platform/identifiers/resident-id';

export interface MessyRates {
  /** Rows repeating an earlier row's person (re-delivered, or with the address written anew). */
  duplicate: number;
  /** Rows whose ID number is invalid. */
  invalidIdNumber: number;
  /** Rows with an employer whose credit code is invalid (share of those rows). */
  invalidCreditCode: number;
  /** Rows for persons the city does not know (they live at real addresses). */
  unknownPerson: number;
  /** Rows whose address is not in the city (a number past a road's end, or another city). */
  unknownAddress: number;
}

export const DEFAULT_MESSY_RATES: MessyRates = { duplicate: 0.03, invalidIdNumber: 0.02, invalidCreditCode: 0.03, unknownPerson: 0.01, unknownAddress: 0.015 };

export interface MessyRegisterOptions {
  scale: Scale;
  seed: number;
  rows: number;
  rates?: Partial<MessyRates>;
}

export const REGISTER_HEADER = ['序号', '姓名', '性别', '公民身份号码', '出生日期', '联系电话', '现住址', '服务处所', '服务处所统一社会信用代码'] as const;

export type RowKind = 'PERSON' | 'DUPLICATE' | 'UNKNOWN_PERSON';

export interface RegisterTruth {
  row: number;
  kind: RowKind;
  /** The city's person (null for persons it does not know). */
  personId: string | null;
  duplicateOf: number | null;
  /** The standard address and house the written address denotes (null: not in the city). */
  addressCode: string | null;
  houseCode: string | null;
  /** The written address fits exactly one standard address, the right one. */
  addressMatchable: boolean;
  addressForms: string[];
  idNumberDefect: string | null;
  creditCodeDefect: string | null;
}

export const TRUTH_HEADER = [
  'row',
  'kind',
  'personId',
  'duplicateOf',
  'addressCode',
  'houseCode',
  'addressMatchable',
  'addressForms',
  'idNumberDefect',
  'creditCodeDefect',
] as const;

export interface MessyRegister {
  /** Cells in REGISTER_HEADER order. */
  rows: string[][];
  truth: RegisterTruth[];
  rates: MessyRates;
}

interface Resident {
  person: Pick<PersonRow, 'name' | 'gender' | 'idNumber' | 'birthDate' | 'phone'> & { id: string | null };
  address: AddressRow;
  houseCode: string;
  tail: HouseTail;
  employer: { name: string; uscc: string } | null;
}

/** A stream of its own, so the register never shifts the city's random numbers. */
const REGISTER_STREAM = 0x13_0004;
/** Prefectures no synthetic person comes from: numbers made there cannot be anybody in the city. */
const STRANGER_DIVISIONS = [
  ['620100', '甘肃省兰州市'],
  ['640100', '宁夏回族自治区银川市'],
  ['150100', '内蒙古自治区呼和浩特市'],
  ['230100', '黑龙江省哈尔滨市'],
] as const;

export function generateMessyRegister(options: MessyRegisterOptions): MessyRegister {
  const rates = { ...DEFAULT_MESSY_RATES, ...options.rates };
  const shape = SCALES[options.scale];
  if (!Number.isInteger(options.rows) || options.rows < 1) throw new Error(`rows must be a positive integer, got ${options.rows}`);
  const rng = new Rng(options.seed, REGISTER_STREAM);
  const duplicates = Math.round(options.rows * rates.duplicate);
  const strangers = Math.round(options.rows * rates.unknownPerson);
  const sampled = options.rows - duplicates - strangers;
  if (sampled > shape.persons) throw new Error(`the ${options.scale} city has ${shape.persons} persons; ask for fewer rows`);

  const addresses: AddressRow[] = [];
  const residents: Resident[] = [];
  let seen = 0;
  for (const batch of generateCity({ scale: options.scale, seed: options.seed })) {
    addresses.push(...batch.addresses);
    const houses = new Map(batch.houses.map((h) => [h.code, h]));
    const buildings = new Map(batch.buildings.map((b) => [b.code, b]));
    const townAddresses = new Map(batch.addresses.map((a) => [a.code, a]));
    const entities = new Map(batch.legalEntities.map((e) => [e.uscc, e]));
    // This town's share of the sample, so that rows spread over the city as its people do.
    seen += batch.persons.length;
    const quota = Math.round((sampled * seen) / shape.persons) - residents.length;
    const housed = batch.persons.filter((p) => p.houseCode !== null);
    for (const person of sample(rng, housed, Math.min(quota, housed.length))) {
      const house = houses.get(person.houseCode!)!;
      const building = buildings.get(house.buildingCode)!;
      const employer = person.employerUscc ? entities.get(person.employerUscc) : undefined;
      residents.push({
        person,
        address: townAddresses.get(building.addressCode)!,
        houseCode: house.code,
        tail: { buildingName: building.name, unit: house.unit, roomNumber: house.roomNumber },
        employer: employer ? { name: employer.name, uscc: employer.uscc } : null,
      });
    }
  }

  const names = cityNames(addresses);
  const writer = new AddressWriter(rng, names);
  const fits = fitIndex(addresses);
  const plan = planRows(rng, residents.length, duplicates, strangers);
  const register: MessyRegister = { rows: [], truth: [], rates };
  plan.forEach((entry, index) => {
    const row = index + 1;
    let resident: Resident;
    let kind: RowKind = 'PERSON';
    let duplicateOf: number | null = null;
    if (entry.kind === 'resident') resident = residents[entry.index]!;
    else if (entry.kind === 'duplicate') {
      kind = 'DUPLICATE';
      duplicateOf = entry.ofRow + 1;
      resident = residents[entry.index]!;
    } else {
      kind = 'UNKNOWN_PERSON';
      resident = stranger(rng, rng.pick(residents));
    }
    const previous = duplicateOf !== null && rng.chance(0.5) ? register.rows[duplicateOf - 1]![6]! : null;
    const unknownAddress = previous === null && kind !== 'DUPLICATE' && rng.chance(rates.unknownAddress);
    const written: WrittenAddress = unknownAddress ? writeUnknownAddress(rng, resident.address, addresses) : writer.write(resident.address, resident.tail);
    const matchable = !unknownAddress && fits(written) === resident.address.code;

    let idNumber = resident.person.idNumber;
    let idNumberDefect: string | null = null;
    if (kind !== 'DUPLICATE' && rng.chance(rates.invalidIdNumber)) ({ value: idNumber, defect: idNumberDefect } = damageIdNumber(rng, idNumber));
    let uscc = resident.employer?.uscc ?? '';
    let creditCodeDefect: string | null = null;
    if (resident.employer && rng.chance(rates.invalidCreditCode)) ({ value: uscc, defect: creditCodeDefect } = damageCreditCode(rng, uscc));

    register.rows.push([
      String(row),
      resident.person.name,
      resident.person.gender === 'MALE' ? '男' : '女',
      idNumber,
      writeDate(rng, resident.person.birthDate),
      resident.person.phone ?? '',
      previous ?? written.text,
      resident.employer?.name ?? '',
      uscc,
    ]);
    const original = previous !== null ? register.truth[duplicateOf! - 1]! : null;
    register.truth.push({
      row,
      kind,
      personId: resident.person.id,
      duplicateOf,
      addressCode: original ? original.addressCode : unknownAddress ? null : resident.address.code,
      houseCode: original ? original.houseCode : unknownAddress ? null : resident.houseCode,
      addressMatchable: original ? original.addressMatchable : matchable,
      addressForms: original ? ['repeated'] : written.forms,
      idNumberDefect,
      creditCodeDefect,
    });
  });
  return register;
}

type PlannedRow = { kind: 'resident'; index: number } | { kind: 'duplicate'; index: number; ofRow: number } | { kind: 'stranger' };

/** Residents in order; strangers and duplicates at random places, each duplicate after its original row. */
function planRows(rng: Rng, residents: number, duplicates: number, strangers: number): PlannedRow[] {
  const tokens: ('r' | 'd' | 's')[] = [...'r'.repeat(residents), ...'d'.repeat(duplicates), ...'s'.repeat(strangers)] as ('r' | 'd' | 's')[];
  for (let i = tokens.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
  }
  // A duplicate needs an original before it.
  const firstResident = tokens.indexOf('r');
  if (firstResident > 0) [tokens[0], tokens[firstResident]] = [tokens[firstResident]!, tokens[0]!];
  const residentRows: number[] = [];
  return tokens.map((token, row) => {
    if (token === 's') return { kind: 'stranger' };
    if (token === 'r') {
      residentRows.push(row);
      return { kind: 'resident', index: residentRows.length - 1 };
    }
    const original = rng.int(0, residentRows.length - 1);
    return { kind: 'duplicate', index: original, ofRow: residentRows[original]! };
  });
}

/** Uniformly chosen items, in their original order. */
function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>();
  // Floyd's algorithm: `count` distinct indices without shuffling the whole list.
  for (let j = items.length - count; j < items.length; j++) {
    const t = rng.int(0, j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}

/** Someone the city does not know, at a real house (a newcomer nobody has registered yet). */
function stranger(rng: Rng, neighbour: Resident): Resident {
  const gender = rng.chance(0.5) ? 'MALE' : 'FEMALE';
  const year = rng.int(1960, 2004);
  const birthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const [division] = rng.pick(STRANGER_DIVISIONS);
  const sequence = rng.int(0, 499) * 2 + (gender === 'MALE' ? 1 : 0);
  return {
    ...neighbour,
    person: {
      id: null,
      name: drawSurname(rng) + drawGivenName(rng, gender, year),
      gender,
      idNumber: makeResidentIdNumber(division, birthDate, sequence),
      birthDate,
      phone: null,
    },
    employer: null,
  };
}

/** An address that is in no register of the city: a number past the end of a real road, or another city. */
function writeUnknownAddress(rng: Rng, near: AddressRow, addresses: readonly AddressRow[]): WrittenAddress {
  if (rng.chance(0.5)) {
    const [, place] = rng.pick(STRANGER_DIVISIONS);
    const text = `${place}${rng.pick(['城关镇', '新市镇', '石湾镇', '东关街道'])}${rng.pick(['红旗', '前进', '和平', '胜利'])}村${rng.int(1, 9)}组${rng.int(1, 80)}号`;
    return { text, forms: ['another-city'], claim: { town: null, community: null, roads: [], door: null } };
  }
  const last = Math.max(...addresses.filter((a) => a.town === near.town && a.road === near.road).map((a) => Number(/^\d+/.exec(a.doorNumber)![0])));
  const door = String(last + rng.int(3, 40));
  const text = `${near.town}${near.community}${near.road}${door}号`;
  return { text, forms: ['past-road-end'], claim: { town: near.town, community: near.community, roads: [near.road], door } };
}

export function cityNames(addresses: readonly AddressRow[]): CityNames {
  return {
    roads: new Set(addresses.map((a) => a.road)),
    communityCores: new Set(addresses.map((a) => placeCore(a.community))),
    townCores: new Set(addresses.map((a) => placeCore(a.town))),
  };
}

/** The one address a written claim fits, or null when it fits none or several. */
export function fitIndex(addresses: readonly AddressRow[]): (written: WrittenAddress) => string | null {
  const byDoor = new Map<string, AddressRow[]>();
  for (const a of addresses) {
    const door = String(Number(/^\d+/.exec(a.doorNumber)![0]));
    let list = byDoor.get(door);
    if (!list) byDoor.set(door, (list = []));
    list.push(a);
  }
  return ({ claim }) => {
    if (claim.door === null) return null;
    const fitting = (byDoor.get(String(Number(claim.door))) ?? []).filter(
      (a) =>
        (claim.roads === 'any' || claim.roads.includes(a.road)) &&
        (claim.town === null || a.town === claim.town) &&
        (claim.community === null || a.community === claim.community),
    );
    return fitting.length === 1 ? fitting[0]!.code : null;
  };
}
