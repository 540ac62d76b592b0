import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SubgraphDefinition } from '../../../subgraphs/kit/src/create-subgraph';
import type { SqlClient } from '../../../subgraphs/kit/src/database/sql-client';
import type { SubgraphName } from '../../../subgraphs/kit/src/services';
import type { TownBatch } from '../../../subgraphs/kit/src/synthetic-city';
import * as address from '../../../subgraphs/address/src/server';
import { ADDRESS_TABLES, seedAddress } from '../../../subgraphs/address/prisma/seed';
import * as population from '../../../subgraphs/population/src/server';
import { POPULATION_TABLES, seedPopulation } from '../../../subgraphs/population/prisma/seed';
import * as housing from '../../../subgraphs/housing/src/server';
import { HOUSING_TABLES, seedHousing } from '../../../subgraphs/housing/prisma/seed';
import * as legalEntities from '../../../subgraphs/legal-entities/src/server';
import { LEGAL_ENTITIES_TABLES, seedLegalEntities } from '../../../subgraphs/legal-entities/prisma/seed';
import * as events from '../../../subgraphs/events/src/server';
import { EVENTS_TABLES, seedEvents } from '../../../subgraphs/events/prisma/seed';
import * as audit from '../../../subgraphs/audit/src/server';

/** Everything the runner needs to bring up one subgraph: how to build it, its client, its seed part. */
export interface SubgraphModule {
  definition: SubgraphDefinition<never, unknown>;
  createPrisma: (adapter: SqlDriverAdapterFactory) => { $disconnect(): Promise<void> };
  /** `seededAt`: the seed's "now" where a subgraph's data has dates relative to it (events); each part's own default otherwise. */
  seed: (sql: SqlClient, batch: TownBatch, options: { seededAt?: Date }) => Promise<number>;
  /** Tables in the order they can be emptied (children first). */
  tables: string[];
}

export const SUBGRAPH_MODULES: Record<SubgraphName, SubgraphModule> = {
  address: { definition: address.addressSubgraph as never, createPrisma: address.createPrisma, seed: seedAddress, tables: ADDRESS_TABLES },
  population: {
    definition: population.populationSubgraph as never,
    createPrisma: population.createPrisma,
    seed: seedPopulation,
    tables: POPULATION_TABLES,
  },
  housing: { definition: housing.housingSubgraph as never, createPrisma: housing.createPrisma, seed: seedHousing, tables: HOUSING_TABLES },
  'legal-entities': {
    definition: legalEntities.legalEntitiesSubgraph as never,
    createPrisma: legalEntities.createPrisma,
    seed: seedLegalEntities,
    tables: LEGAL_ENTITIES_TABLES,
  },
  events: { definition: events.eventsSubgraph as never, createPrisma: events.createPrisma, seed: seedEvents, tables: EVENTS_TABLES },
  // The trail is written by the gateway as operations happen, never seeded.
  audit: {
    definition: audit.auditSubgraph as never,
    createPrisma: audit.createPrisma,
    seed: async () => 0,
    // The trail is not part of the seeded city: seeding (or --reset) never touches it.
    tables: [],
  },
};
