import type { SubgraphDatabase } from '../../kit/src/database/open-database';
import { gridCountLoader } from '../../kit/src/grid-counts';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import { populationStatsLoader } from './population-stats';
import type { PersonRow, PopulationPrisma } from './prisma';

export type PopulationDb = SubgraphDatabase<PopulationPrisma>;

export function createPopulationLoaders(db: PopulationDb) {
  const { prisma } = db;
  return {
    personById: rowByKeyLoader<PersonRow>((ids) => prisma.person.findMany({ where: { id: { in: [...ids] } } }), (p) => p.id),
    personByIdNumber: rowByKeyLoader<PersonRow>(
      (idNumbers) => prisma.person.findMany({ where: { idNumber: { in: [...idNumbers] } } }),
      (p) => p.idNumber,
    ),
    residentsByHouseCode: rowsByKeyLoader<PersonRow>(
      (codes) => prisma.person.findMany({ where: { houseCode: { in: [...codes] } }, orderBy: { id: 'asc' } }),
      (p) => p.houseCode ?? '',
    ),
    populationCountByGrid: gridCountLoader(prisma, 'person'),
    populationStatsByGrid: populationStatsLoader(prisma),
  };
}

export type PopulationLoaders = ReturnType<typeof createPopulationLoaders>;
export type PopulationContext = import('../../kit/src/create-subgraph').SubgraphContext<PopulationDb, PopulationLoaders>;
