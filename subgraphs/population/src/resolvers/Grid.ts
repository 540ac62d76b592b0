import type { PopulationContext } from '../loaders';

export const Grid = {
  __resolveReference: (ref: { code: string }) => ref,
  populationCount: (grid: { code: string }, _: unknown, ctx: PopulationContext) =>
    ctx.loaders.populationCountByGrid.load(grid.code),
  populationStats: (grid: { code: string }, _: unknown, ctx: PopulationContext) =>
    ctx.loaders.populationStatsByGrid.load(grid.code),
};
