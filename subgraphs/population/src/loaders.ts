import type DataLoader from 'dataloader';
import type { SubgraphDatabase } from '../../../platform/database/open-database';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import type { RequestAccess } from '../../../access-policies/runtime/request-access';
import { localDateOf, PopulationStats, populationStatsLoader } from './population-stats';
import type { PersonRow, PopulationPrisma } from './prisma';
import { RandomRounding } from './random-rounding';

export type PopulationDb = SubgraphDatabase<PopulationPrisma>;

/** What the statistics need of the request: its clock, the deployment's secret and the caller's access. */
interface StatsRequest {
  now: () => Date;
  subjectDigestKey: Buffer;
  access: RequestAccess;
}

const roundings = new WeakMap<Buffer, RandomRounding>();

export function createPopulationLoaders(db: PopulationDb) {
  const { prisma } = db;
  let stats: DataLoader<string, PopulationStats | null> | undefined;
  return {
    personById: rowByKeyLoader<PersonRow>(
      (ids) => prisma.person.findMany({ where: { id: { in: [...ids] } } }),
      (p) => p.id,
    ),
    personByIdNumber: rowByKeyLoader<PersonRow>(
      (idNumbers) => prisma.person.findMany({ where: { idNumber: { in: [...idNumbers] } } }),
      (p) => p.idNumber,
    ),
    residentsByHouseCode: rowsByKeyLoader<PersonRow>(
      (codes) => prisma.person.findMany({ where: { houseCode: { in: [...codes] } }, orderBy: { id: 'asc' } }),
      (p) => p.houseCode ?? '',
    ),
    /**
     * Counts under grids, one loader per request: ages on the request's clock, rounded for every
     * department but the owner (which reads every person row anyway).
     */
    populationStatsByGrid(request: StatsRequest): DataLoader<string, PopulationStats | null> {
      if (!stats) {
        let rounding: RandomRounding | null = null;
        if (!request.access.ownsData()) {
          rounding = roundings.get(request.subjectDigestKey) ?? new RandomRounding(request.subjectDigestKey);
          roundings.set(request.subjectDigestKey, rounding);
        }
        stats = populationStatsLoader(prisma, { asOf: localDateOf(request.now()), rounding });
      }
      return stats;
    },
  };
}

export type PopulationLoaders = ReturnType<typeof createPopulationLoaders>;
export type PopulationContext = import('../../kit/src/create-subgraph').SubgraphContext<PopulationDb, PopulationLoaders>;
