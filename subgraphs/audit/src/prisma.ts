import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';

export type AuditPrisma = PrismaClient;
export type { AuditRecord as AuditRecordRow, AuditAccess as AuditAccessRow, AuditEvent as AuditEventRow } from '../prisma/generated/client';
export { Prisma } from '../prisma/generated/client';

export function createAuditPrisma(adapter: SqlDriverAdapterFactory): AuditPrisma {
  return new PrismaClient({ adapter });
}
