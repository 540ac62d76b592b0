import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';

export type LegalEntitiesPrisma = PrismaClient;
export type { LegalEntity as LegalEntityRow, Premises as PremisesRow } from '../prisma/generated/client';

export function createLegalEntitiesPrisma(adapter: SqlDriverAdapterFactory): LegalEntitiesPrisma {
  return new PrismaClient({ adapter });
}
