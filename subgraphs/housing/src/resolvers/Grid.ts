import type { GridResolvers } from '../generated/resolver-types';

export const Grid: GridResolvers = {
  __resolveReference: (ref) => ref,
  buildingCount: (grid, _, ctx) => ctx.loaders.buildingCountByGrid.load(grid.code),
  houseCount: (grid, _, ctx) => ctx.loaders.houseCountByGrid.load(grid.code),
};
