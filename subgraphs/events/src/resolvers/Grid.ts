import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import type { EventsContext } from '../loaders';
import { scopedEvents, ScopedEventsArgs } from '../lists/scoped-events';

/** The address subgraph owns grids; events contributes what happened in them and who works them. */
export const Grid = {
  __resolveReference: (ref: { code: string }) => ref,
  events: (grid: { code: string }, args: ScopedEventsArgs, ctx: EventsContext) =>
    scopedEvents('grid', gridFilterPrefix(grid.code, 'code'), args, ctx),
  gridWorkers: (grid: { code: string }, _: unknown, ctx: EventsContext) => ctx.loaders.gridWorkersByGrid.load({ gridCode: grid.code, at: ctx.now() }),
  businessGrids: async (grid: { code: string }, _: unknown, ctx: EventsContext) =>
    (await ctx.loaders.businessGridsByGrid.load(grid.code)).map((m) => m.businessGrid),
};
