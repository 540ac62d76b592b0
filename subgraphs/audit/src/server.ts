import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { AuditDb, AuditLoaders, createAuditLoaders } from './loaders';
import { createAuditPrisma } from './prisma';
import { AuditAccess } from './resolvers/AuditAccess';
import { AuditRecord } from './resolvers/AuditRecord';
import { Query } from './resolvers/Query';

/** The audit trail, read by auditors (the audit office); the gateway's audit writer fills it. */
export const auditSubgraph: SubgraphDefinition<AuditDb, AuditLoaders> = {
  name: 'audit',
  resolvers: { Query, AuditRecord, AuditAccess } satisfies Resolvers,
  createLoaders: createAuditLoaders,
};

export const createPrisma = createAuditPrisma;
