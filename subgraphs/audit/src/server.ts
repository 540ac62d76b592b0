import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { startAuditBackground } from './findings/background';
import { AuditDb, AuditLoaders, createAuditLoaders } from './loaders';
import { createAuditPrisma } from './prisma';
import { AuditAccess } from './resolvers/AuditAccess';
import { AuditRecord } from './resolvers/AuditRecord';
import { Mutation } from './resolvers/Mutation';
import { Query } from './resolvers/Query';

/** The audit trail, read by auditors (the audit office); the gateway's audit writer fills it. */
export const auditSubgraph: SubgraphDefinition<AuditDb, AuditLoaders> = {
  name: 'audit',
  resolvers: { Query, Mutation, AuditRecord, AuditAccess } satisfies Resolvers,
  createLoaders: createAuditLoaders,
  startBackground: startAuditBackground,
};

export const createPrisma = createAuditPrisma;
