import type { AddressContext } from '../loaders';
import type { GridRow } from '../prisma';
import { historyOf } from './Mutation';

export const Grid = {
  __resolveReference: (ref: { code: string }, ctx: AddressContext) => ctx.loaders.gridByCode.load(ref.code),
  parent: (grid: GridRow, _: unknown, ctx: AddressContext) =>
    grid.parentCode ? ctx.loaders.gridByCode.load(grid.parentCode) : null,
  children: (grid: GridRow, _: unknown, ctx: AddressContext) => ctx.loaders.childrenByParent.load(grid.code),
  history: historyOf('Grid'),
};
