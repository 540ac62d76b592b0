import { GridPlan, TownPlan } from './grids';
import { CITY_NAME, districtOfTown, PROVINCE } from './places';
import { pickIndexByWeight, Rng } from './rng';
import { AddressRow, BuildingRow, BuildingUse, FireSafetyRating, HouseRow, HouseUse } from './types';

/** What kind of plot a building stands on; it decides who owns its rooms and how often they stand empty. */
export type PlotKind = 'ESTATE' | 'VILLAGE_HOUSE' | 'INDUSTRIAL' | 'COMMERCIAL' | 'CAMPUS';

export interface BuildingInfo {
  row: BuildingRow;
  plotKind: PlotKind;
  /** A factory dormitory: rooms for workers, owned by the factory rather than by a person. */
  isDorm: boolean;
  /** The villager who owns a self-built rental building (房东), decided once residents are known. */
  landlordId: string | null;
}

export interface HouseSlot {
  row: HouseRow;
  building: BuildingInfo;
}

/** Where one town's housing rows collect. */
export interface HousingSink {
  addresses: AddressRow[];
  buildings: BuildingRow[];
  houses: HouseRow[];
  slots: HouseSlot[];
  /** Estate and building names already used in the town. */
  names: Set<string>;
}

export interface BuildingSpec {
  name: string;
  use: BuildingUse;
  structure: string;
  floors: number;
  builtYear: number;
  fireSafetyRating: FireSafetyRating | null;
  plotKind: PlotKind;
  isDorm?: boolean;
}

/** Writes the address, building and house rows of one plot, deriving every code from its parent's. */
export class PlotWriter {
  private addressCount = 0;

  constructor(
    readonly rng: Rng,
    readonly town: TownPlan,
    readonly grid: GridPlan,
    readonly sink: HousingSink,
  ) {}

  address(): AddressRow {
    const { rng, grid, town } = this;
    const community = grid.community;
    const road = rng.pick(community.roads);
    const doorNumber = `${road.nextDoorNumber}号`;
    road.nextDoorNumber += rng.int(1, 4);
    this.addressCount += 1;
    if (this.addressCount > 9999) throw new Error(`grid ${grid.code} ran out of 4-digit address numbers`);
    const row: AddressRow = {
      code: `${grid.code}${String(this.addressCount).padStart(4, '0')}`,
      province: PROVINCE,
      city: CITY_NAME,
      district: districtOfTown(town.index, town.kind).name,
      town: town.name,
      community: community.name,
      road: road.name,
      doorNumber,
      fullText: `${PROVINCE}${CITY_NAME}${town.name}${community.name}${road.name}${doorNumber}`,
      longitude: round(grid.longitude + (rng.next() - 0.5) * 0.005, 6),
      latitude: round(grid.latitude + (rng.next() - 0.5) * 0.004, 6),
      gridCode: grid.code,
    };
    this.sink.addresses.push(row);
    return row;
  }

  building(address: AddressRow, number: number, spec: BuildingSpec): BuildingInfo {
    const row: BuildingRow = {
      code: `${address.code}${String(number).padStart(2, '0')}`,
      addressCode: address.code,
      gridCode: address.gridCode,
      name: spec.name,
      use: spec.use,
      structure: spec.structure,
      floors: spec.floors,
      builtYear: spec.builtYear,
      fireSafetyRating: spec.fireSafetyRating,
    };
    this.sink.buildings.push(row);
    return { row, plotKind: spec.plotKind, isDorm: spec.isDorm ?? false, landlordId: null };
  }

  /** `position` is the room's place on its floor across all units (1-99), which keeps house codes unique. */
  house(building: BuildingInfo, floor: number, position: number, use: HouseUse, area: number, unit?: { name: string; room: number }): HouseSlot {
    const roomNumber = `${floor}${String(unit ? unit.room : position).padStart(2, '0')}`;
    const row: HouseRow = {
      code: `${building.row.code}${String(floor).padStart(2, '0')}${String(position).padStart(2, '0')}`,
      buildingCode: building.row.code,
      gridCode: building.row.gridCode,
      unit: unit ? unit.name : null,
      floor,
      roomNumber,
      use,
      occupancy: 'VACANT',
      area: round(area, 2),
      ownerPersonId: null,
      ownerUscc: null,
      rentalRegisteredOn: null,
    };
    const slot = { row, building };
    this.sink.houses.push(row);
    this.sink.slots.push(slot);
    return slot;
  }

  /** A fire-safety rating drawn from weights for A, B, C, D and "not yet rated". */
  rating(weights: readonly [number, number, number, number, number]): FireSafetyRating | null {
    return RATINGS[pickIndexByWeight(this.rng, weights)] ?? null;
  }
}

const RATINGS: readonly (FireSafetyRating | null)[] = ['A', 'B', 'C', 'D', null];

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
