import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';

export type PopulationPrisma = PrismaClient;
export type { Person as PersonRow } from '../prisma/generated/client';

export function createPopulationPrisma(adapter: SqlDriverAdapterFactory): PopulationPrisma {
  return new PrismaClient({ adapter });
}
