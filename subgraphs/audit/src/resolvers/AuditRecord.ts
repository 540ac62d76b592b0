import type { AuditRecordResolvers } from '../generated/resolver-types';
import type { AuditRecordRow } from '../prisma';

/** Prisma's row, with bigint and Date turned into what GraphQL carries. */
export const AuditRecord: AuditRecordResolvers = {
  seq: (record: AuditRecordRow) => record.seq.toString(),
  at: (record: AuditRecordRow) => record.at.toISOString(),
  variables: (record: AuditRecordRow) => (record.variables === null ? null : JSON.stringify(record.variables)),
  // Not a column: only records written since #19 carry it, in the hashed line.
  rootFields: (record: AuditRecordRow) => {
    const fields = (JSON.parse(record.line) as { rootFields?: unknown }).rootFields;
    return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : null;
  },
  document: async (record: AuditRecordRow, _, ctx) =>
    record.documentHash ? ((await ctx.loaders.documentByHash.load(record.documentHash))?.document ?? null) : null,
  chainPosition: (record: AuditRecordRow) => ({ seq: record.seq.toString(), prevHash: record.prevHash, hash: record.hash }),
  accesses: async (record: AuditRecordRow, _, ctx) => {
    const accesses = await ctx.loaders.accessesBySeq.load(record.seq.toString());
    return accesses.map((access) => ({ ...access, record }));
  },
};
