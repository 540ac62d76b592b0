import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import type { GridResolvers } from '../generated/resolver-types';
import { scopedEvents } from '../lists/scoped-events';

/** The address subgraph owns grids; events contributes what happened in them and who works them. */
export const Grid: GridResolvers = {
  __resolveReference: (ref) => ref,
  events: (grid, args, ctx) => scopedEvents('grid', gridFilterPrefix(grid.code, 'code'), args, ctx),
  gridWorkers: (grid, _, ctx) => ctx.loaders.gridWorkersByGrid.load({ gridCode: grid.code, at: ctx.now() }),
  businessGrids: async (grid, _, ctx) => (await ctx.loaders.businessGridsByGrid.load(grid.code)).map((m) => m.businessGrid),
};
