import type { GridResolvers } from '../generated/resolver-types';

export const Grid: GridResolvers = {
  __resolveReference: (ref) => ref,
  legalEntityCount: (grid, _, ctx) => ctx.loaders.legalEntityCountByGrid.load(grid.code),
};
