import type { SubgraphDatabase } from '../../../platform/database/open-database';
import { gridCountLoader } from '../../kit/src/grid-counts';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import type { LegalEntitiesPrisma, LegalEntityRow, PremisesRow } from './prisma';

export type LegalEntitiesDb = SubgraphDatabase<LegalEntitiesPrisma>;

export function createLegalEntitiesLoaders(db: LegalEntitiesDb) {
  const { prisma } = db;
  return {
    entityByUscc: rowByKeyLoader<LegalEntityRow>(
      (codes) => prisma.legalEntity.findMany({ where: { uscc: { in: [...codes] } } }),
      (e) => e.uscc,
    ),
    premisesByEntity: rowsByKeyLoader<PremisesRow>(
      (codes) => prisma.premises.findMany({ where: { entityUscc: { in: [...codes] } }, orderBy: { houseCode: 'asc' } }),
      (p) => p.entityUscc,
    ),
    entitiesByHouse: rowsByKeyLoader<LegalEntityRow & { houseCode: string }>(
      async (codes) => {
        // One statement for the reverse link: premises joined to their entities.
        const rows = await prisma.premises.findMany({
          where: { houseCode: { in: [...codes] } },
          orderBy: { entityUscc: 'asc' },
          include: { entity: true },
        });
        return rows.map((r) => ({ ...r.entity, houseCode: r.houseCode }));
      },
      (e) => e.houseCode,
    ),
    legalEntityCountByGrid: gridCountLoader(prisma, 'legal_entity'),
  };
}

export type LegalEntitiesLoaders = ReturnType<typeof createLegalEntitiesLoaders>;
export type LegalEntitiesContext = import('../../kit/src/create-subgraph').SubgraphContext<LegalEntitiesDb, LegalEntitiesLoaders>;
