import type { SubgraphDatabase } from '../../../platform/database/open-database';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import type { AddressPrisma, AddressRow, GridRow } from './prisma';

export type AddressDb = SubgraphDatabase<AddressPrisma>;

export function createAddressLoaders(db: AddressDb) {
  const { prisma } = db;
  return {
    gridByCode: rowByKeyLoader<GridRow>(
      (codes) => prisma.grid.findMany({ where: { code: { in: [...codes] } } }),
      (g) => g.code,
    ),
    childrenByParent: rowsByKeyLoader<GridRow>(
      (codes) => prisma.grid.findMany({ where: { parentCode: { in: [...codes] } }, orderBy: { code: 'asc' } }),
      (g) => g.parentCode ?? '',
    ),
    addressByCode: rowByKeyLoader<AddressRow>(
      (codes) => prisma.address.findMany({ where: { code: { in: [...codes] } } }),
      (a) => a.code,
    ),
  };
}

export type AddressLoaders = ReturnType<typeof createAddressLoaders>;
export type AddressContext = import('../../kit/src/create-subgraph').SubgraphContext<AddressDb, AddressLoaders>;
