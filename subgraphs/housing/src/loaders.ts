import type { SubgraphDatabase } from '../../../platform/database/open-database';
import { gridCountLoader } from '../../kit/src/grid-counts';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import type { BuildingRow, HouseRow, HousingPrisma } from './prisma';

export type HousingDb = SubgraphDatabase<HousingPrisma>;

export function createHousingLoaders(db: HousingDb) {
  const { prisma } = db;
  return {
    buildingByCode: rowByKeyLoader<BuildingRow>(
      (codes) => prisma.building.findMany({ where: { code: { in: [...codes] } } }),
      (b) => b.code,
    ),
    houseByCode: rowByKeyLoader<HouseRow>(
      (codes) => prisma.house.findMany({ where: { code: { in: [...codes] } } }),
      (h) => h.code,
    ),
    housesByBuilding: rowsByKeyLoader<HouseRow>(
      (codes) => prisma.house.findMany({ where: { buildingCode: { in: [...codes] } }, orderBy: { code: 'asc' } }),
      (h) => h.buildingCode,
    ),
    buildingsByAddress: rowsByKeyLoader<BuildingRow>(
      (codes) => prisma.building.findMany({ where: { addressCode: { in: [...codes] } }, orderBy: { code: 'asc' } }),
      (b) => b.addressCode,
    ),
    buildingCountByGrid: gridCountLoader(prisma, 'building'),
    houseCountByGrid: gridCountLoader(prisma, 'house'),
  };
}

export type HousingLoaders = ReturnType<typeof createHousingLoaders>;
export type HousingContext = import('../../kit/src/create-subgraph').SubgraphContext<HousingDb, HousingLoaders>;
