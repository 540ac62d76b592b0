import type { PopulationContext } from '../loaders';

/**
 * The address subgraph owns grids; population contributes their counts. populationCount is the
 * statistics' `total` cell, so it is rounded exactly as populationStats.total is: two roundings of
 * one count would let a caller narrow it down.
 */
export const Grid = {
  __resolveReference: (ref: { code: string }) => ref,
  populationCount: async (grid: { code: string }, _: unknown, ctx: PopulationContext) =>
    (await ctx.loaders.populationStatsByGrid(ctx).load(grid.code))?.total.count ?? null,
  populationStats: (grid: { code: string }, _: unknown, ctx: PopulationContext) =>
    ctx.loaders.populationStatsByGrid(ctx).load(grid.code),
};
