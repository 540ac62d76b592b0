import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import { createPopulationLoaders, PopulationDb, PopulationLoaders } from './loaders';
import { createPopulationPrisma } from './prisma';
import { Grid } from './resolvers/Grid';
import { House } from './resolvers/House';
import { Person } from './resolvers/Person';
import { Query } from './resolvers/Query';

/** 实有人口 (actual population), owned by public security. */
export const populationSubgraph: SubgraphDefinition<PopulationDb, PopulationLoaders> = {
  name: 'population',
  resolvers: { Query, Person, House, Grid } as never,
  createLoaders: createPopulationLoaders,
};

export const createPrisma = createPopulationPrisma;
