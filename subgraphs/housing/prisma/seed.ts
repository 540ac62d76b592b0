import { bulkInsert } from '../../../platform/database/bulk-insert';
import type { SqlClient } from '../../../platform/database/sql-client';
import type { TownBatch, SeededTable } from '../../../synthetic-city';

/** The housing subgraph's part of the synthetic city: buildings and the houses inside them. */
export async function seedHousing(sql: SqlClient, batch: TownBatch): Promise<number> {
  let rows = await bulkInsert(
    sql,
    'building',
    [
      { name: 'code', type: 'text', value: (b) => b.code },
      { name: 'address_code', type: 'text', value: (b) => b.addressCode },
      { name: 'grid_code', type: 'text', value: (b) => b.gridCode },
      { name: 'name', type: 'text', value: (b) => b.name },
      { name: 'use', type: '"BuildingUse"', value: (b) => b.use },
      { name: 'structure', type: 'text', value: (b) => b.structure },
      { name: 'floors', type: 'int', value: (b) => b.floors },
      { name: 'built_year', type: 'int', value: (b) => b.builtYear },
      { name: 'fire_safety_rating', type: '"FireSafetyRating"', value: (b) => b.fireSafetyRating },
    ],
    batch.buildings,
  );
  rows += await bulkInsert(
    sql,
    'house',
    [
      { name: 'code', type: 'text', value: (h) => h.code },
      { name: 'building_code', type: 'text', value: (h) => h.buildingCode },
      { name: 'grid_code', type: 'text', value: (h) => h.gridCode },
      { name: 'unit', type: 'text', value: (h) => h.unit },
      { name: 'floor', type: 'int', value: (h) => h.floor },
      { name: 'room_number', type: 'text', value: (h) => h.roomNumber },
      { name: 'use', type: '"HouseUse"', value: (h) => h.use },
      { name: 'occupancy', type: '"Occupancy"', value: (h) => h.occupancy },
      { name: 'area', type: 'float8', value: (h) => h.area },
      { name: 'owner_person_id', type: 'text', value: (h) => h.ownerPersonId },
      { name: 'owner_uscc', type: 'text', value: (h) => h.ownerUscc },
      { name: 'rental_registered_on', type: 'date', value: (h) => h.rentalRegisteredOn },
    ],
    batch.houses,
  );
  return rows;
}

export const HOUSING_TABLES = ['house', 'building'];

/** The tables this seed fills from the generated city, by key (runner/system/seed-check.ts). */
export const HOUSING_SEEDED: SeededTable[] = [
  { table: 'building', key: 'code', keys: (b) => b.buildings.map((x) => x.code) },
  { table: 'house', key: 'code', keys: (b) => b.houses.map((h) => h.code) },
];
