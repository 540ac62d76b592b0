import type { GridResolvers } from '../generated/resolver-types';
import { historyOf } from './Mutation';

export const Grid: GridResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.gridByCode.load(ref.code),
  parent: (grid, _, ctx) => (grid.parentCode ? ctx.loaders.gridByCode.load(grid.parentCode) : null),
  children: (grid, _, ctx) => ctx.loaders.childrenByParent.load(grid.code),
  history: historyOf('Grid'),
};
