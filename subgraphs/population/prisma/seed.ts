import { bulkInsert } from '../../../platform/database/bulk-insert';
import type { SqlClient } from '../../../platform/database/sql-client';
import type { TownBatch, SeededTable } from '../../../synthetic-city';

/** The population subgraph's part of the synthetic city. */
export function seedPopulation(sql: SqlClient, batch: TownBatch): Promise<number> {
  return bulkInsert(
    sql,
    'person',
    [
      { name: 'id', type: 'text', value: (p) => p.id },
      { name: 'name', type: 'text', value: (p) => p.name },
      { name: 'id_number', type: 'text', value: (p) => p.idNumber },
      { name: 'gender', type: '"Gender"', value: (p) => p.gender },
      { name: 'birth_date', type: 'date', value: (p) => p.birthDate },
      { name: 'ethnicity', type: 'text', value: (p) => p.ethnicity },
      { name: 'phone', type: 'text', value: (p) => p.phone },
      { name: 'household_registration', type: 'text', value: (p) => p.householdRegistration },
      { name: 'residence_type', type: '"ResidenceType"', value: (p) => p.residenceType },
      { name: 'house_code', type: 'text', value: (p) => p.houseCode },
      { name: 'grid_code', type: 'text', value: (p) => p.gridCode },
      { name: 'moved_in_on', type: 'date', value: (p) => p.movedInOn },
      { name: 'employer_uscc', type: 'text', value: (p) => p.employerUscc },
      { name: 'tags', type: '"PersonTag"[]', value: (p) => p.tags },
    ],
    batch.persons,
  );
}

export const POPULATION_TABLES = ['person'];

/** The tables this seed fills from the generated city, by key (runner/system/seed-check.ts). */
export const POPULATION_SEEDED: SeededTable[] = [{ table: 'person', key: 'id', keys: (b) => b.persons.map((p) => p.id) }];
