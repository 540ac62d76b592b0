import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';

export type HousingPrisma = PrismaClient;
export type { Building as BuildingRow, House as HouseRow } from '../prisma/generated/client';

export function createHousingPrisma(adapter: SqlDriverAdapterFactory): HousingPrisma {
  return new PrismaClient({ adapter });
}
