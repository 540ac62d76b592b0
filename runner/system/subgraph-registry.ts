import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SubgraphDefinition } from '../../subgraphs/kit/src/create-subgraph';
import type { SqlClient } from '../../platform/database/sql-client';
import type { SubgraphName } from '../../platform/services';
import type { SeededTable, TownBatch } from '../../synthetic-city';

/** Everything the runner needs to bring up one subgraph: how to build it, its client, its seed part. */
export interface SubgraphModule {
  definition: SubgraphDefinition<never, unknown>;
  createPrisma: (adapter: SqlDriverAdapterFactory) => { $disconnect(): Promise<void> };
  /** `seededAt`: the seed's "now" where a subgraph's data has dates relative to it (events); each part's own default otherwise. */
  seed: (sql: SqlClient, batch: TownBatch, options: { seededAt?: Date }) => Promise<number>;
  /** Tables in the order they can be emptied (children first). */
  tables: string[];
  /** The tables the seed fills from the generated city, by key. */
  seeded: SeededTable[];
}

/*
 * Each subgraph's code is loaded when the runner first asks for it (a `require` in each loader, not
 * an import at the top): `gridshare serve gateway` then loads no subgraph and no Prisma client, and
 * `serve population` loads population alone.
 */
const LOADERS: Record<SubgraphName, () => SubgraphModule> = {
  address: () => {
    const server = require('../../subgraphs/address/src/server') as typeof import('../../subgraphs/address/src/server');
    const seed = require('../../subgraphs/address/prisma/seed') as typeof import('../../subgraphs/address/prisma/seed');
    return {
      definition: server.addressSubgraph,
      createPrisma: server.createPrisma,
      seed: seed.seedAddress,
      tables: seed.ADDRESS_TABLES,
      seeded: seed.ADDRESS_SEEDED,
    };
  },
  population: () => {
    const server = require('../../subgraphs/population/src/server') as typeof import('../../subgraphs/population/src/server');
    const seed = require('../../subgraphs/population/prisma/seed') as typeof import('../../subgraphs/population/prisma/seed');
    return {
      definition: server.populationSubgraph,
      createPrisma: server.createPrisma,
      seed: seed.seedPopulation,
      tables: seed.POPULATION_TABLES,
      seeded: seed.POPULATION_SEEDED,
    };
  },
  housing: () => {
    const server = require('../../subgraphs/housing/src/server') as typeof import('../../subgraphs/housing/src/server');
    const seed = require('../../subgraphs/housing/prisma/seed') as typeof import('../../subgraphs/housing/prisma/seed');
    return {
      definition: server.housingSubgraph,
      createPrisma: server.createPrisma,
      seed: seed.seedHousing,
      tables: seed.HOUSING_TABLES,
      seeded: seed.HOUSING_SEEDED,
    };
  },
  'legal-entities': () => {
    const server = require('../../subgraphs/legal-entities/src/server') as typeof import('../../subgraphs/legal-entities/src/server');
    const seed = require('../../subgraphs/legal-entities/prisma/seed') as typeof import('../../subgraphs/legal-entities/prisma/seed');
    return {
      definition: server.legalEntitiesSubgraph,
      createPrisma: server.createPrisma,
      seed: seed.seedLegalEntities,
      tables: seed.LEGAL_ENTITIES_TABLES,
      seeded: seed.LEGAL_ENTITIES_SEEDED,
    };
  },
  events: () => {
    const server = require('../../subgraphs/events/src/server') as typeof import('../../subgraphs/events/src/server');
    const seed = require('../../subgraphs/events/prisma/seed') as typeof import('../../subgraphs/events/prisma/seed');
    return {
      definition: server.eventsSubgraph,
      createPrisma: server.createPrisma,
      seed: seed.seedEvents,
      tables: seed.EVENTS_TABLES,
      seeded: seed.EVENTS_SEEDED,
    };
  },
  audit: () => {
    const server = require('../../subgraphs/audit/src/server') as typeof import('../../subgraphs/audit/src/server');
    // The trail is written by the gateway as operations happen: never seeded, and seeding (or
    // --reset) never touches it.
    return { definition: server.auditSubgraph, createPrisma: server.createPrisma, seed: async () => 0, tables: [], seeded: [] };
  },
};

const loaded = new Map<SubgraphName, SubgraphModule>();

export function subgraphModule(name: SubgraphName): SubgraphModule {
  let module = loaded.get(name);
  if (!module) {
    module = LOADERS[name]();
    loaded.set(name, module);
  }
  return module;
}
