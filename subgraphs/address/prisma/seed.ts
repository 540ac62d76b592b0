import { bulkInsert } from '../../../platform/database/bulk-insert';
import type { SqlClient } from '../../../platform/database/sql-client';
import type { TownBatch, SeededTable } from '../../../synthetic-city';

/** The address subgraph's part of the synthetic city: grids and standard addresses. */
export async function seedAddress(sql: SqlClient, batch: TownBatch): Promise<number> {
  let rows = await bulkInsert(
    sql,
    'grid',
    [
      { name: 'code', type: 'text', value: (g) => g.code },
      { name: 'name', type: 'text', value: (g) => g.name },
      { name: 'level', type: '"GridLevel"', value: (g) => g.level },
      { name: 'parent_code', type: 'text', value: (g) => g.parentCode },
    ],
    batch.grids,
  );
  rows += await bulkInsert(
    sql,
    'address',
    [
      { name: 'code', type: 'text', value: (a) => a.code },
      { name: 'province', type: 'text', value: (a) => a.province },
      { name: 'city', type: 'text', value: (a) => a.city },
      { name: 'district', type: 'text', value: (a) => a.district },
      { name: 'town', type: 'text', value: (a) => a.town },
      { name: 'community', type: 'text', value: (a) => a.community },
      { name: 'road', type: 'text', value: (a) => a.road },
      { name: 'door_number', type: 'text', value: (a) => a.doorNumber },
      { name: 'full_text', type: 'text', value: (a) => a.fullText },
      { name: 'longitude', type: 'float8', value: (a) => a.longitude },
      { name: 'latitude', type: 'float8', value: (a) => a.latitude },
      { name: 'grid_code', type: 'text', value: (a) => a.gridCode },
    ],
    batch.addresses,
  );
  return rows;
}

export const ADDRESS_TABLES = ['address', 'grid'];

/** The tables this seed fills from the generated city, by key (runner/system/seed-check.ts). */
export const ADDRESS_SEEDED: SeededTable[] = [
  { table: 'grid', key: 'code', keys: (b) => b.grids.map((g) => g.code) },
  { table: 'address', key: 'code', keys: (b) => b.addresses.map((a) => a.code) },
];
