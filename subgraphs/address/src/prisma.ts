import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';

export type AddressPrisma = PrismaClient;
export type { Grid as GridRow, Address as AddressRow } from '../prisma/generated/client';

export function createAddressPrisma(adapter: SqlDriverAdapterFactory): AddressPrisma {
  return new PrismaClient({ adapter });
}
