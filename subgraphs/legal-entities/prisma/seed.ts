import { bulkInsert } from '../../../platform/database/bulk-insert';
import type { SqlClient } from '../../../platform/database/sql-client';
import type { TownBatch, SeededTable } from '../../../synthetic-city';

/** The legal-entities subgraph's part of the synthetic city: entities, then their premises. */
export async function seedLegalEntities(sql: SqlClient, batch: TownBatch): Promise<number> {
  // The registry records the representative's name and ID number; in the synthetic city, the seeded person's.
  const names = new Map(batch.persons.map((p) => [p.id, p.name]));
  const idNumbers = new Map(batch.persons.map((p) => [p.id, p.idNumber]));
  let rows = await bulkInsert(
    sql,
    'legal_entity',
    [
      { name: 'uscc', type: 'text', value: (e) => e.uscc },
      { name: 'name', type: 'text', value: (e) => e.name },
      { name: 'type', type: '"EntityType"', value: (e) => e.type },
      { name: 'legal_representative_id', type: 'text', value: (e) => e.legalRepresentativeId },
      { name: 'legal_representative_name', type: 'text', value: (e) => names.get(e.legalRepresentativeId) ?? '' },
      { name: 'legal_representative_id_number', type: 'text', value: (e) => idNumbers.get(e.legalRepresentativeId) ?? null },
      { name: 'registered_address_code', type: 'text', value: (e) => e.registeredAddressCode },
      { name: 'business_address_code', type: 'text', value: (e) => e.businessAddressCode },
      { name: 'grid_code', type: 'text', value: (e) => e.gridCode },
      { name: 'industry', type: 'text', value: (e) => e.industry },
      { name: 'staff_count', type: 'int', value: (e) => e.staffCount },
      { name: 'established_on', type: 'date', value: (e) => e.establishedOn },
      { name: 'licence_status', type: '"LicenceStatus"', value: (e) => e.licenceStatus },
      { name: 'work_safety_level', type: '"WorkSafetyLevel"', value: (e) => e.workSafetyLevel },
      { name: 'fire_key_unit', type: 'boolean', value: (e) => e.fireKeyUnit },
      { name: 'food_licence', type: 'text', value: (e) => e.foodLicence },
    ],
    batch.legalEntities,
  );
  rows += await bulkInsert(
    sql,
    'premises',
    [
      { name: 'entity_uscc', type: 'text', value: (p) => p.entityUscc },
      { name: 'house_code', type: 'text', value: (p) => p.houseCode },
    ],
    batch.premises,
  );
  return rows;
}

export const LEGAL_ENTITIES_TABLES = ['premises', 'legal_entity'];

/** The tables this seed fills from the generated city, by key (runner/system/seed-check.ts). */
export const LEGAL_ENTITIES_SEEDED: SeededTable[] = [
  { table: 'legal_entity', key: 'uscc', keys: (b) => b.legalEntities.map((e) => e.uscc) },
  { table: 'premises', key: "entity_uscc || '/' || house_code", keys: (b) => b.premises.map((p) => `${p.entityUscc}/${p.houseCode}`) },
];
