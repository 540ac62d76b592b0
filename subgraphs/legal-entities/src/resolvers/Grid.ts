import type { LegalEntitiesContext } from '../loaders';

export const Grid = {
  __resolveReference: (ref: { code: string }) => ref,
  legalEntityCount: (grid: { code: string }, _: unknown, ctx: LegalEntitiesContext) =>
    ctx.loaders.legalEntityCountByGrid.load(grid.code),
};
