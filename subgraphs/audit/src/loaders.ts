import type { SubgraphDatabase } from '../../../platform/database/open-database';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import type { AuditAccessRow, AuditPrisma, AuditRecordRow } from './prisma';

export type AuditDb = SubgraphDatabase<AuditPrisma>;

/** Chain positions are bigint in the database and strings everywhere else (GraphQL IDs, loader keys). */
export const seqKey = (row: { seq: bigint }) => row.seq.toString();

export function createAuditLoaders(db: AuditDb) {
  const { prisma } = db;
  return {
    recordBySeq: rowByKeyLoader<AuditRecordRow>((seqs) => prisma.auditRecord.findMany({ where: { seq: { in: seqs.map((s) => BigInt(s)) } } }), seqKey),
    accessesBySeq: rowsByKeyLoader<AuditAccessRow>(
      (seqs) =>
        prisma.auditAccess.findMany({
          where: { seq: { in: seqs.map((s) => BigInt(s)) } },
          orderBy: [{ seq: 'asc' }, { subgraph: 'asc' }, { entityType: 'asc' }, { entityKey: 'asc' }],
        }),
      seqKey,
    ),
    /** Operation documents by digest: a page of records asking the same operation reads it once. */
    documentByHash: rowByKeyLoader<{ hash: string; document: string }>(
      (hashes) => prisma.auditDocument.findMany({ where: { hash: { in: [...hashes] } }, select: { hash: true, document: true } }),
      (row) => row.hash,
    ),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
export type AuditContext = import('../../kit/src/create-subgraph').SubgraphContext<AuditDb, AuditLoaders>;
