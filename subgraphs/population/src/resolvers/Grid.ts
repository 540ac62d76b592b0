import type { GridResolvers } from '../generated/resolver-types';

/**
 * The address subgraph owns grids; population contributes their counts. populationCount is the
 * statistics' `total` cell, so it is rounded exactly as populationStats.total is: two roundings of
 * one count would let a caller narrow it down.
 */
export const Grid: GridResolvers = {
  __resolveReference: (ref) => ref,
  populationCount: async (grid, _, ctx) => (await ctx.loaders.populationStatsByGrid(ctx).load(grid.code))?.total.count ?? null,
  populationStats: (grid, _, ctx) => ctx.loaders.populationStatsByGrid(ctx).load(grid.code),
};
