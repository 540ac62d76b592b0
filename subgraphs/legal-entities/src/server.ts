import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { createLegalEntitiesLoaders, LegalEntitiesDb, LegalEntitiesLoaders } from './loaders';
import { createLegalEntitiesPrisma } from './prisma';
import { Grid } from './resolvers/Grid';
import { House } from './resolvers/House';
import { LegalEntity } from './resolvers/LegalEntity';
import { Query } from './resolvers/Query';
import { ChangeQueries, LegalEntityChange, LegalEntityWritePayload, Mutation } from './resolvers/Mutation';
import { ChangeRequestMutations, ChangeRequestQueries, LegalEntityChangeRequest, LegalEntityChangeRequestPayload } from './resolvers/change-requests';

/** 实有单位 (actual legal entities), owned by market regulation. */
export const legalEntitiesSubgraph: SubgraphDefinition<LegalEntitiesDb, LegalEntitiesLoaders> = {
  name: 'legal-entities',
  resolvers: {
    Query: { ...Query, ...ChangeQueries, ...ChangeRequestQueries },
    Mutation: { ...Mutation, ...ChangeRequestMutations },
    LegalEntity,
    House,
    Grid,
    LegalEntityWritePayload,
    LegalEntityChange,
    LegalEntityChangeRequestPayload,
    LegalEntityChangeRequest,
  } satisfies Resolvers,
  createLoaders: createLegalEntitiesLoaders,
};

export const createPrisma = createLegalEntitiesPrisma;
