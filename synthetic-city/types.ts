/**
 * Rows of the four base-data subgraphs, named exactly as the Prisma models name their fields so a seed script
 * can pass them to createMany or to a bulk insert unchanged. Dates are 'YYYY-MM-DD' strings (the columns are
 * @db.Date, so a time of day would only invite time-zone bugs); enums are their string values.
 */

import type { GridLevel } from '../platform/identifiers/grid-code';

export type { GridLevel };
export type BuildingUse = 'RESIDENTIAL' | 'COMMERCIAL' | 'INDUSTRIAL' | 'MIXED' | 'PUBLIC';
export type HouseUse = 'RESIDENTIAL' | 'SHOP' | 'FACTORY' | 'WAREHOUSE' | 'OFFICE' | 'MIXED';
export type Occupancy = 'SELF_OCCUPIED' | 'RENTED' | 'VACANT';
export type FireSafetyRating = 'A' | 'B' | 'C' | 'D';
export type Gender = 'MALE' | 'FEMALE';
export type ResidenceType = 'REGISTERED' | 'MIGRANT' | 'FOREIGN';
export type PersonTag = 'ELDERLY_ALONE' | 'DISABILITY' | 'PRESCHOOL_CHILD' | 'SCHOOL_AGE' | 'LOW_INCOME' | 'VETERAN' | 'KEY_PERSON';
export type EntityType = 'COMPANY' | 'INDIVIDUAL_BUSINESS' | 'INSTITUTION' | 'SOCIAL_ORGANIZATION';
export type LicenceStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'DEREGISTERED';
export type WorkSafetyLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'MAJOR_HAZARD';

export interface GridRow {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
}

export interface AddressRow {
  code: string;
  province: string;
  city: string;
  district: string;
  town: string;
  community: string;
  road: string;
  doorNumber: string;
  fullText: string;
  longitude: number;
  latitude: number;
  gridCode: string;
}

export interface BuildingRow {
  code: string;
  addressCode: string;
  gridCode: string;
  name: string;
  use: BuildingUse;
  structure: string;
  floors: number;
  builtYear: number | null;
  fireSafetyRating: FireSafetyRating | null;
}

export interface HouseRow {
  code: string;
  buildingCode: string;
  gridCode: string;
  unit: string | null;
  floor: number;
  roomNumber: string;
  use: HouseUse;
  occupancy: Occupancy;
  area: number;
  ownerPersonId: string | null;
  /** A company or other legal entity that owns the house (a factory's dormitory, its own premises). */
  ownerUscc: string | null;
  rentalRegisteredOn: string | null;
}

export interface PersonRow {
  id: string;
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  ethnicity: string;
  phone: string | null;
  householdRegistration: string;
  residenceType: ResidenceType;
  houseCode: string | null;
  gridCode: string;
  movedInOn: string | null;
  employerUscc: string | null;
  tags: PersonTag[];
}

export interface LegalEntityRow {
  uscc: string;
  name: string;
  type: EntityType;
  legalRepresentativeId: string;
  registeredAddressCode: string;
  businessAddressCode: string | null;
  gridCode: string;
  industry: string;
  staffCount: number;
  establishedOn: string;
  licenceStatus: LicenceStatus;
  workSafetyLevel: WorkSafetyLevel;
  fireKeyUnit: boolean;
  foodLicence: string | null;
}

export interface PremisesRow {
  entityUscc: string;
  houseCode: string;
}

/** Everything generated for one town; the first batch of a city also holds the CITY grid row. */
export interface TownBatch {
  grids: GridRow[];
  addresses: AddressRow[];
  buildings: BuildingRow[];
  houses: HouseRow[];
  persons: PersonRow[];
  legalEntities: LegalEntityRow[];
  premises: PremisesRow[];
}

/**
 * One table a subgraph's seed fills from the generated city, with the key of each row: how start tells
 * a complete city an earlier release seeded from one it left half written (runner/system/seed-check.ts).
 */
export interface SeededTable {
  table: string;
  /** SQL of the row's key, comparable with `keys`. */
  key: string;
  keys: (batch: TownBatch) => string[];
}
