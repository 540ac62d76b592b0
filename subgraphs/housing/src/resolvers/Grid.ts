import type { HousingContext } from '../loaders';

export const Grid = {
  __resolveReference: (ref: { code: string }) => ref,
  buildingCount: (grid: { code: string }, _: unknown, ctx: HousingContext) => ctx.loaders.buildingCountByGrid.load(grid.code),
  houseCount: (grid: { code: string }, _: unknown, ctx: HousingContext) => ctx.loaders.houseCountByGrid.load(grid.code),
};
