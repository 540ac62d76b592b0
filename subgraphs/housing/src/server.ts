import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { createHousingLoaders, HousingDb, HousingLoaders } from './loaders';
import { createHousingPrisma } from './prisma';
import { Address } from './resolvers/Address';
import { Building } from './resolvers/Building';
import { Grid } from './resolvers/Grid';
import { House } from './resolvers/House';
import { Query } from './resolvers/Query';
import { ChangeQueries, HousingChange, HousingChangeRequest, HousingChangeRequestPayload } from './resolvers/changes';
import { BuildingWritePayload, HouseWritePayload, Mutation } from './resolvers/Mutation';

/** 实有房屋 (actual housing), owned by the housing bureau. */
export const housingSubgraph: SubgraphDefinition<HousingDb, HousingLoaders> = {
  name: 'housing',
  resolvers: {
    Query: { ...Query, ...ChangeQueries },
    Mutation,
    Building,
    House,
    Address,
    Grid,
    BuildingWritePayload,
    HouseWritePayload,
    HousingChange,
    HousingChangeRequest,
    HousingChangeRequestPayload,
  } satisfies Resolvers,
  createLoaders: createHousingLoaders,
};

export const createPrisma = createHousingPrisma;
