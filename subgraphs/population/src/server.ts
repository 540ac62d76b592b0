import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { createPopulationLoaders, PopulationDb, PopulationLoaders } from './loaders';
import { createPopulationPrisma } from './prisma';
import { Grid } from './resolvers/Grid';
import { House } from './resolvers/House';
import { Person } from './resolvers/Person';
import { Query } from './resolvers/Query';
import { ChangeQueries, PopulationChange, PopulationChangeRequest, PopulationChangeRequestPayload } from './resolvers/changes';
import { Mutation, PersonWritePayload } from './resolvers/Mutation';

/** 实有人口 (actual population), owned by public security. */
export const populationSubgraph: SubgraphDefinition<PopulationDb, PopulationLoaders> = {
  name: 'population',
  resolvers: {
    Query: { ...Query, ...ChangeQueries },
    Mutation,
    Person,
    House,
    Grid,
    PersonWritePayload,
    PopulationChange,
    PopulationChangeRequest,
    PopulationChangeRequestPayload,
  } satisfies Resolvers,
  createLoaders: createPopulationLoaders,
};

export const createPrisma = createPopulationPrisma;
